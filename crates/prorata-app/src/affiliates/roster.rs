//! `prorata affiliate add | tree | show`: affiliates with their referral codes and parents,
//! the downline tree with what each brought and earned, and one affiliate's commissions.

use std::collections::HashMap;

use prorata_domain::control::Role;
use prorata_domain::ledger::chart::affiliate_payable;
use prorata_store::affiliates::{
    AffiliateRecord, AffiliateStatsRecord, NewAffiliate as AffiliateRow, affiliate_sales,
    affiliate_stats, affiliates, insert_affiliate,
};
use prorata_store::ledger::{LedgerStoreError, account_balance};
use prorata_store::{PgConnection, Store};
use serde_json::json;

use super::views::{AffiliateCommissionView, AffiliateNodeView, AffiliateView};
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error, input, stored};

const ADD: OperationSpec = OperationSpec {
    name: "affiliate.added",
    roles: &[Role::Officer, Role::Admin],
    purpose: "add affiliates",
};

/// The most commissions an affiliate's page lists: the newest.
const MAX_COMMISSIONS_SHOWN: i64 = 1_000;

/// An affiliate as given.
#[derive(Debug, Clone, Copy)]
pub struct NewAffiliate<'a> {
    pub name: &'a str,
    /// The referral code; made from the name and id when none is given.
    pub code: Option<&'a str>,
    /// The referring affiliate's parent, by id, name or code.
    pub parent: Option<&'a str>,
    /// Required for an affiliate without a parent; a child earns in its parent's.
    pub currency: Option<&'a str>,
}

pub async fn add_affiliate(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewAffiliate<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD, idempotency_key).await?;
    let program_id = session.program.id;
    let name = input::name("name", new.name)?;
    let code = new.code.map(referral_code).transpose()?;
    let parent = match new.parent {
        Some(key) => Some(affiliate_by_ref(op.tx(), program_id, "parent", key).await?),
        None => None,
    };
    let currency = currency_of(new.currency, parent.as_ref())?;
    let request = json!({ "name": name, "code": code, "parent_id": parent.as_ref().map(|p| p.id),
                          "currency": currency });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    if let Some(code) = &code
        && let Some(holder) = affiliates(op.tx(), program_id, Some(code)).await?.first()
        && holder.code == *code
    {
        return Err(Error::new(
            Code::Conflict,
            format!("code: {code} is already {}'s referral code", holder.name),
        ));
    }
    let row = AffiliateRow {
        program_id,
        name: &name,
        code: code.as_deref(),
        parent_id: parent.as_ref().map(|p| p.id),
        currency: &currency,
        added_by: session.user(),
        added_at: clock.now(),
    };
    let id = insert_affiliate(op.tx(), &row).await?;
    op.audit(format!("affiliate:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Upper-case letters, digits and `-`, 3 to 32, as PostgreSQL checks; given in any case.
fn referral_code(text: &str) -> Result<String, Error> {
    let code = text.trim().to_ascii_uppercase();
    let ok = (3..=32).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_alphanumeric())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        return Err(Error::invalid(
            "code",
            format!(
                "\"{}\" is not a referral code: 3 to 32 letters, digits or -",
                text.trim()
            ),
        ));
    }
    Ok(code)
}

fn currency_of(given: Option<&str>, parent: Option<&AffiliateRecord>) -> Result<String, Error> {
    let given = input::optional_currency("currency", given)?.map(|c| c.code().to_owned());
    match (parent, given) {
        (None, Some(code)) => Ok(code),
        (None, None) => Err(Error::invalid(
            "currency",
            "an affiliate without a parent earns in a currency: give it",
        )),
        (Some(p), Some(code)) if code != p.currency => Err(Error::invalid(
            "currency",
            format!(
                "{code} is not {}'s {}: a child earns in its parent's currency",
                p.name, p.currency
            ),
        )),
        (Some(p), _) => Ok(p.currency.clone()),
    }
}

/// The program's affiliate with this id, name or referral code, or an error naming `field`.
pub(super) async fn affiliate_by_ref(
    conn: &mut PgConnection,
    program_id: i64,
    field: &str,
    key: &str,
) -> Result<AffiliateRecord, Error> {
    let key = key.trim();
    affiliates(conn, program_id, Some(key))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid(field, format!("no affiliate is named or coded {key}")))
}

/// The downline tree, each affiliate after its parent with its depth: the program's whole
/// tree, or the part below one affiliate (that affiliate at depth 0).
pub async fn affiliate_tree(
    store: &Store,
    session: &Session,
    top: Option<&str>,
) -> Result<Items<AffiliateNodeView>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let top = match top {
        Some(key) => Some(
            affiliate_by_ref(&mut conn, program_id, "affiliate", key)
                .await?
                .id,
        ),
        None => None,
    };
    let all = affiliates(&mut conn, program_id, None).await?;
    let stats = affiliate_stats(&mut conn, program_id).await?;
    Ok(Items {
        items: tree_below(&all, &stats, top)?,
    })
}

/// Depth-first, children by id: a parent is older than its child, so one pass finds depths.
fn tree_below(
    all: &[AffiliateRecord],
    stats: &[AffiliateStatsRecord],
    top: Option<i64>,
) -> Result<Vec<AffiliateNodeView>, Error> {
    let by_id: HashMap<i64, &AffiliateRecord> = all.iter().map(|a| (a.id, a)).collect();
    let stats: HashMap<i64, &AffiliateStatsRecord> =
        stats.iter().map(|s| (s.affiliate_id, s)).collect();
    let mut children: HashMap<Option<i64>, Vec<i64>> = HashMap::new();
    for a in all {
        children.entry(a.parent_id).or_default().push(a.id);
    }
    let mut out = Vec::new();
    let mut stack: Vec<(i64, i64)> = match top {
        Some(id) => vec![(id, 0)],
        None => children
            .get(&None)
            .into_iter()
            .flatten()
            .rev()
            .map(|&id| (id, 0))
            .collect(),
    };
    // Each affiliate is pushed once, by its one parent: the walk ends within their number.
    while let Some((id, depth)) = stack.pop() {
        assert!(
            out.len() < all.len() + 1,
            "a tree of the program's affiliates"
        );
        let a = by_id[&id];
        let parent = a.parent_id.and_then(|p| by_id.get(&p)).copied();
        out.push(node(a, depth, parent, stats.get(&id).copied())?);
        for &child in children.get(&Some(id)).into_iter().flatten().rev() {
            stack.push((child, depth + 1));
        }
    }
    Ok(out)
}

fn node(
    a: &AffiliateRecord,
    depth: i64,
    parent: Option<&AffiliateRecord>,
    stats: Option<&AffiliateStatsRecord>,
) -> Result<AffiliateNodeView, Error> {
    let currency = stored::currency(&a.currency)?;
    let figure = |f: fn(&AffiliateStatsRecord) -> i64| stored::amount(stats.map_or(0, f), currency);
    Ok(AffiliateNodeView {
        id: a.id,
        name: a.name.clone(),
        code: a.code.clone(),
        parent_id: a.parent_id,
        parent: parent.map(|p| p.name.clone()),
        depth,
        currency: a.currency.clone(),
        sales: stats.map_or(0, |s| s.sales),
        sales_amount: figure(|s| s.sales_minor)?,
        direct_earned: figure(|s| s.direct_minor)?,
        override_earned: figure(|s| s.override_minor)?,
    })
}

/// An affiliate's figures, its payable, its children and its commission history.
pub async fn show_affiliate(
    store: &Store,
    session: &Session,
    key: &str,
) -> Result<AffiliateView, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let target = affiliate_by_ref(&mut conn, program_id, "affiliate", key).await?;
    let all = affiliates(&mut conn, program_id, None).await?;
    let stats = affiliate_stats(&mut conn, program_id).await?;
    let mut tree = tree_below(&all, &stats, Some(target.id))?;
    let children = tree
        .split_off(1)
        .into_iter()
        .filter(|n| n.depth == 1)
        .collect();
    let affiliate = tree.pop().expect("the affiliate itself");
    let currency = stored::currency(&target.currency)?;
    let (payable, available) = payable_of(&mut conn, program_id, target.id, currency).await?;
    let commissions = affiliate_sales(
        &mut conn,
        program_id,
        Some(target.id),
        MAX_COMMISSIONS_SHOWN,
    )
    .await?
    .into_iter()
    .map(|s| {
        let direct = s.affiliate_id == target.id;
        Ok(AffiliateCommissionView {
            sale_id: s.id,
            sold_on: s.sold_on.to_string(),
            kind: if direct { "direct" } else { "override" }.to_owned(),
            brought_by: s.affiliate,
            sale_amount: stored::amount(s.amount_minor, currency)?,
            rate: if direct {
                s.direct_rate
            } else {
                s.override_rate
            }
            .normalize()
            .to_string(),
            amount: stored::amount(
                if direct {
                    s.direct_minor
                } else {
                    s.override_minor
                },
                currency,
            )?,
            reference: s.reference,
        })
    })
    .collect::<Result<Vec<_>, Error>>()?;
    Ok(AffiliateView {
        affiliate,
        payable,
        available,
        children,
        commissions,
    })
}

/// The affiliate's payable and what of it is available: nothing before its first commission.
async fn payable_of(
    conn: &mut PgConnection,
    program_id: i64,
    affiliate_id: i64,
    currency: prorata_domain::Currency,
) -> Result<(String, String), Error> {
    let code = affiliate_payable(affiliate_id).code;
    match account_balance(conn, program_id, code.as_str(), Some(currency), None).await {
        Ok(b) => {
            let side = b.account.normal_side;
            Ok((
                stored::wide_amount(b.totals.balance_minor(side), currency)?,
                stored::wide_amount(b.totals.available_minor(side), currency)?,
            ))
        }
        Err(LedgerStoreError::UnknownAccount(_)) => {
            let zero = stored::amount(0, currency)?;
            Ok((zero.clone(), zero))
        }
        Err(other) => Err(other.into()),
    }
}
