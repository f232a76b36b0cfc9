//! `prorata member add | list`: the distribution network's members, each with a role, a
//! scheme and an upline whose role is strictly higher (an admin, at the top, has none).

use prorata_domain::commission::NetworkRole;
use prorata_domain::control::Role;
use prorata_store::commissions::{
    NetworkMemberRecord, NewNetworkMember, insert_network_member, network_members,
};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::schemes::scheme_by_ref;
use super::views::{NetworkMemberView, role_word};
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, input};

const ADD: OperationSpec = OperationSpec {
    name: "network_member.added",
    roles: &[Role::Officer, Role::Admin],
    purpose: "add network members",
};

/// A member as given.
#[derive(Debug, Clone, Copy)]
pub struct NewMember<'a> {
    pub name: &'a str,
    pub role: &'a str,
    /// The member's upline, by id or name: required unless the member is an admin.
    pub upline: Option<&'a str>,
    pub scheme: &'a str,
    /// The network's currency: an admin's is required; below, the upline's unless given.
    pub currency: Option<&'a str>,
}

pub async fn add_network_member(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewMember<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD, idempotency_key).await?;
    let name = input::name("name", new.name)?;
    let role = NetworkRole::parse(new.role.trim()).map_err(|e| Error::invalid("role", e))?;
    let program_id = session.program.id;
    let scheme = scheme_by_ref(op.tx(), program_id, new.scheme).await?;
    let upline = match new.upline {
        Some(key) => Some(member_by_ref(op.tx(), program_id, "upline", key).await?),
        None => None,
    };
    match (&upline, role) {
        (Some(_), NetworkRole::Admin) => {
            return Err(Error::invalid(
                "upline",
                "an admin is at the top: it has no upline",
            ));
        }
        (None, r) if r != NetworkRole::Admin => {
            return Err(Error::invalid("upline", format!("a {r} has an upline")));
        }
        (Some(up), r) if up.role.rank() >= r.rank() => {
            return Err(Error::invalid(
                "upline",
                format!(
                    "{} is a {}, not above a {r}: an upline's role is strictly higher",
                    up.name, up.role
                ),
            ));
        }
        _ => {}
    }
    let currency = network_currency(new.currency, role, upline.as_ref())?;
    let upline_id = upline.as_ref().map(|u| u.id);
    let request = json!({ "name": name, "role": role.as_str(), "upline_id": upline_id,
                          "scheme_id": scheme.id, "currency": currency });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let record = NewNetworkMember {
        program_id,
        name: &name,
        role,
        upline_id,
        scheme_id: scheme.id,
        currency: Some(&currency),
        added_by: session.user(),
        added_at: clock.now(),
    };
    let id = insert_network_member(op.tx(), &record).await?;
    op.audit(format!("network_member:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// The program's members, by id, each with its upline's name.
pub async fn list_network_members(
    store: &Store,
    session: &Session,
) -> Result<Items<NetworkMemberView>, Error> {
    let mut conn = store.acquire().await?;
    let members = network_members(&mut conn, session.program.id, None).await?;
    let names: std::collections::HashMap<i64, String> =
        members.iter().map(|m| (m.id, m.name.clone())).collect();
    let mut depths: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let items = members
        .into_iter()
        .map(|m| {
            // Members come by id and an upline is older than its member: its depth is known.
            let depth = m.upline_id.map_or(0, |u| depths[&u] + 1);
            depths.insert(m.id, depth);
            (m, depth)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(m, depth)| NetworkMemberView {
            id: m.id,
            depth,
            upline: m.upline_id.map(|u| names[&u].clone()),
            name: m.name,
            role: role_word(m.role),
            upline_id: m.upline_id,
            scheme: m.scheme,
            currency: m.currency,
            added_by: m.added_by,
        })
        .collect();
    Ok(Items { items })
}

/// The network's one currency: given for an admin, its upline's for anyone below.
fn network_currency(
    given: Option<&str>,
    role: NetworkRole,
    upline: Option<&NetworkMemberRecord>,
) -> Result<String, Error> {
    let given = input::optional_currency("currency", given)?.map(|c| c.code().to_owned());
    match (upline, given) {
        (None, Some(code)) => Ok(code),
        (None, None) => Err(Error::invalid(
            "currency",
            format!("an {role} heads a network: give its currency"),
        )),
        (Some(up), given) => {
            let Some(theirs) = up.currency.clone() else {
                return Err(Error::new(
                    Code::Conflict,
                    format!(
                        "upline: {} has no currency: its network was added before networks had one",
                        up.name
                    ),
                ));
            };
            match given {
                Some(code) if code != theirs => Err(Error::invalid(
                    "currency",
                    format!(
                        "{code} is not {}'s {theirs}: a network has one currency",
                        up.name
                    ),
                )),
                _ => Ok(theirs),
            }
        }
    }
}

/// The program's network member with this id or name, or an error naming `field`.
pub(super) async fn member_by_ref(
    conn: &mut PgConnection,
    program_id: i64,
    field: &str,
    key: &str,
) -> Result<NetworkMemberRecord, Error> {
    let key = key.trim();
    network_members(conn, program_id, Some(key))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid(field, format!("no network member is named {key}")))
}
