//! `prorata scheme add | set | chain`: the program's tree of commission schemes. A scheme is
//! added by an officer or an admin (the root, the final fallback, by an admin) and configured
//! only by its creator or an admin; a rate is refused above the parent's resolved rate, and
//! so is a set of rates giving a lower role more than a higher one, in the scheme changed and
//! in every scheme below it. The schemes are listed as a tree.

use std::collections::BTreeMap;

use prorata_domain::Rate;
use prorata_domain::commission::{self, NetworkRole, Scheme};
use prorata_domain::control::Role;
use prorata_store::commissions::{
    SchemeRecord, find_scheme, insert_scheme, lock_schemes, scheme_rates, schemes,
    set_scheme_rates as store_rates,
};
use prorata_store::{PgConnection, Store};
use rust_decimal::Decimal;
use serde_json::json;

use super::views::{SchemeChainView, SchemeLevelView, SchemeRateView, SchemeView, role_word};
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, input};

const ADD: OperationSpec = OperationSpec {
    name: "scheme.added",
    roles: &[Role::Officer, Role::Admin],
    purpose: "add commission schemes",
};

const SET: OperationSpec = OperationSpec {
    name: "scheme.rates_set",
    roles: &[Role::Officer, Role::Admin],
    purpose: "set commission scheme rates",
};

/// Adds a scheme under `parent`, or the program's root without one (admins only).
pub async fn add_scheme(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    parent: Option<&str>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD, idempotency_key).await?;
    let name = input::name("name", name)?;
    let program_id = session.program.id;
    let parent = match parent {
        Some(key) => Some(scheme_by_ref(op.tx(), program_id, key).await?),
        None => None,
    };
    if parent.is_none() && !session.actor.roles.contains(&Role::Admin) {
        return Err(Error::new(
            Code::PermissionDenied,
            "parent: the root scheme, the final fallback, is an admin's to add",
        ));
    }
    let request = json!({ "name": name, "parent_id": parent.as_ref().map(|p| p.id) });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    lock_schemes(op.tx(), program_id).await?;
    if parent.is_none() && !schemes(op.tx(), program_id).await?.is_empty() {
        return Err(Error::new(
            Code::Conflict,
            "parent: the program has its root scheme: a new scheme names its parent",
        ));
    }
    let parent_id = parent.map(|p| p.id);
    let id = insert_scheme(
        op.tx(),
        program_id,
        &name,
        parent_id,
        session.user(),
        clock.now(),
    )
    .await?;
    op.audit(format!("scheme:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Sets some roles' rates of a scheme for a service (`ROLE=RATE` or `ROLE=inherit`); the
/// roles not named stay as they were.
pub async fn set_scheme_rates(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    (scheme, service): (&str, &str),
    rates: &[String],
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, SET, idempotency_key).await?;
    let service = service_name(service)?;
    let changes = parse_rates(rates)?;
    let program_id = session.program.id;
    let target = scheme_by_ref(op.tx(), program_id, scheme).await?;
    let is_admin = session.actor.roles.contains(&Role::Admin);
    if target.created_by != session.user() && !is_admin {
        return Err(Error::new(
            Code::PermissionDenied,
            format!(
                "scheme {}: {} is neither its creator ({}) nor an admin",
                target.name,
                session.user(),
                target.created_by
            ),
        ));
    }
    let request = json!({ "scheme_id": target.id, "service": service,
        "rates": changes.iter().map(|(r, v)| (r.as_str(), v.map(|v| v.to_string()))).collect::<BTreeMap<_, _>>() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    lock_schemes(op.tx(), program_id).await?;
    check_with_change(op.tx(), program_id, &target, &service, &changes).await?;
    let rows: Vec<(NetworkRole, Option<Decimal>)> = changes
        .iter()
        .map(|(role, rate)| (*role, rate.map(|r| r.as_decimal())))
        .collect();
    store_rates(
        op.tx(),
        program_id,
        target.id,
        &service,
        &rows,
        (session.user(), clock.now()),
    )
    .await?;
    op.audit(format!("scheme:{}", target.id), request).await?;
    op.finish(Created { id: target.id }).await
}

/// Checks the scheme and every scheme below it, in the service, as they would be with the
/// change.
async fn check_with_change(
    conn: &mut PgConnection,
    program_id: i64,
    target: &SchemeRecord,
    service: &str,
    changes: &[(NetworkRole, Option<Rate>)],
) -> Result<(), Error> {
    let mut tree = tree_of(conn, program_id, service).await?;
    let scheme = tree
        .iter_mut()
        .find(|s| s.id == target.name)
        .expect("the scheme found is in its program's tree");
    for (role, rate) in changes {
        scheme.rates.insert(*role, *rate);
    }
    for s in &tree {
        let chain = commission::chain(&tree, &s.id)?;
        if chain.iter().any(|c| c.id == target.name) {
            commission::check_scheme(&chain, service)?;
        }
    }
    Ok(())
}

/// The program's schemes with their rates for a service, each named by its name.
pub(super) async fn tree_of(
    conn: &mut PgConnection,
    program_id: i64,
    service: &str,
) -> Result<Vec<Scheme<String>>, Error> {
    let records = schemes(&mut *conn, program_id).await?;
    let names: BTreeMap<i64, String> = records.iter().map(|s| (s.id, s.name.clone())).collect();
    let mut tree: Vec<Scheme<String>> = records
        .iter()
        .map(|s| Scheme {
            id: s.name.clone(),
            parent: s.parent_id.map(|p| names[&p].clone()),
            rates: BTreeMap::new(),
        })
        .collect();
    let index: BTreeMap<i64, usize> = records.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    for r in scheme_rates(conn, program_id, service).await? {
        let rate = r.rate.map(crate::stored::rate).transpose()?;
        tree[index[&r.scheme_id]].rates.insert(r.role, rate);
    }
    Ok(tree)
}

/// The program's schemes, a parent before its children, each with its depth below the root.
pub async fn list_schemes(store: &Store, session: &Session) -> Result<Items<SchemeView>, Error> {
    let mut conn = store.acquire().await?;
    let records = schemes(&mut conn, session.program.id).await?;
    let mut depth: BTreeMap<i64, i64> = BTreeMap::new();
    let names: BTreeMap<i64, String> = records.iter().map(|s| (s.id, s.name.clone())).collect();
    let items = records
        .iter()
        .map(|s| {
            // Schemes come by id and a parent is older than its child: its depth is known.
            let d = s.parent_id.map_or(0, |p| depth[&p] + 1);
            depth.insert(s.id, d);
            SchemeView {
                id: s.id,
                name: s.name.clone(),
                parent: s.parent_id.map(|p| names[&p].clone()),
                created_by: s.created_by.clone(),
                depth: d,
            }
        })
        .collect();
    Ok(Items { items })
}

/// A scheme and its ancestors up to the root for a service: per level what it sets and what
/// each role resolves to there.
pub async fn scheme_chain(
    store: &Store,
    session: &Session,
    scheme: &str,
    service: &str,
) -> Result<SchemeChainView, Error> {
    let service = service_name(service)?;
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let target = scheme_by_ref(&mut conn, program_id, scheme).await?;
    let records = schemes(&mut conn, program_id).await?;
    let tree = tree_of(&mut conn, program_id, &service).await?;
    let chain = commission::chain(&tree, &target.name)?;
    let levels = (0..chain.len())
        .map(|at| {
            let resolved = commission::resolve(&chain[at..]);
            let record = records
                .iter()
                .find(|r| r.name == chain[at].id)
                .expect("a scheme of the chain is in the tree");
            SchemeLevelView {
                id: record.id,
                name: record.name.clone(),
                created_by: record.created_by.clone(),
                rates: NetworkRole::ALL
                    .into_iter()
                    .map(|role| SchemeRateView {
                        role: role_word(role),
                        set: chain[at]
                            .rates
                            .get(&role)
                            .copied()
                            .flatten()
                            .map(|r| r.to_string()),
                        resolved: resolved[&role].to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(SchemeChainView { service, levels })
}

pub(super) async fn scheme_by_ref(
    conn: &mut PgConnection,
    program_id: i64,
    key: &str,
) -> Result<SchemeRecord, Error> {
    let key = key.trim();
    find_scheme(conn, program_id, key)
        .await?
        .ok_or_else(|| Error::invalid("scheme", format!("no scheme is named {key}")))
}

/// A service's code: lower-case letters, digits, `_`, `.` or `-`, as PostgreSQL checks.
fn service_name(text: &str) -> Result<String, Error> {
    let text = text.trim();
    let ok = !text.is_empty()
        && text.len() <= 63
        && text
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b));
    if !ok {
        return Err(Error::invalid(
            "service",
            format!(
                "\"{text}\" is not a service code: lower-case letters, digits, _ . or -, at most 63"
            ),
        ));
    }
    Ok(text.to_owned())
}

/// `ROLE=RATE` or `ROLE=inherit`, each role once.
fn parse_rates(rates: &[String]) -> Result<Vec<(NetworkRole, Option<Rate>)>, Error> {
    if rates.is_empty() {
        return Err(Error::invalid(
            "rate",
            "name at least one ROLE=RATE or ROLE=inherit",
        ));
    }
    let mut parsed: Vec<(NetworkRole, Option<Rate>)> = Vec::with_capacity(rates.len());
    for text in rates {
        let (role, value) = text.split_once('=').ok_or_else(|| {
            Error::invalid(
                "rate",
                format!("\"{text}\" is not ROLE=RATE or ROLE=inherit"),
            )
        })?;
        let role = NetworkRole::parse(role.trim()).map_err(|e| Error::invalid("rate", e))?;
        let value = value.trim();
        let rate = if value == "inherit" {
            None
        } else {
            Some(Rate::parse(value).map_err(|e| Error::invalid(format!("rate {role}"), e))?)
        };
        if parsed.iter().any(|(r, _)| *r == role) {
            return Err(Error::invalid("rate", format!("{role} is named twice")));
        }
        parsed.push((role, rate));
    }
    Ok(parsed)
}
