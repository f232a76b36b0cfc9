//! `prorata community add | member add`: a community in one currency with role shares that
//! add up to exactly 100% (set once, with the community), and its members per role, weighted
//! equally unless a weight is given.

use prorata_domain::allocation::parse_weight;
use prorata_domain::revenue_split::{COMMUNITY_KEEPERS, CommunityRole};
use prorata_store::Store;
use prorata_store::revenue::{
    NewCommunity as StoredCommunity, NewMember as StoredMember, community_shares, insert_community,
    insert_member,
};
use rust_decimal::Decimal;
use serde_json::json;

use super::read::community_by_ref;
use crate::clock::Clock;
use crate::input::{self, Notation};
use crate::operation::{Operation, OperationSpec};
use crate::responses::Created;
use crate::session::Session;
use crate::{Code, Error};

const ADD_COMMUNITY: OperationSpec = OperationSpec {
    name: "community.added",
    roles: COMMUNITY_KEEPERS,
    purpose: "add communities",
};

const ADD_MEMBER: OperationSpec = OperationSpec {
    name: "community.member_added",
    roles: COMMUNITY_KEEPERS,
    purpose: "add community members",
};

/// A community as given.
#[derive(Debug, Clone, Copy)]
pub struct NewCommunity<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    /// `ROLE=RATE` for each role that shares the pool: owner, admin_team, moderator_team,
    /// event_team.
    pub role_shares: &'a [String],
    pub notation: Notation,
}

/// A member as given.
#[derive(Debug, Clone, Copy)]
pub struct NewMember<'a> {
    /// The community's id or name.
    pub community: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    /// The member's weight within the role; 1 unless given.
    pub weight: Option<&'a str>,
}

pub async fn add_community(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewCommunity<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_COMMUNITY, idempotency_key).await?;
    let name = input::name("name", new.name)?;
    let currency = input::optional_currency("currency", Some(new.currency))?
        .ok_or_else(|| Error::invalid("currency", "a currency is required"))?;
    let shares = role_shares(new.role_shares, new.notation)?;
    let request = json!({
        "name": name, "currency": currency.code(),
        "role_shares": shares.iter().map(|(r, s)| json!({"role": r.as_str(), "share": s.to_string()})).collect::<Vec<_>>(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let stored = StoredCommunity {
        program_id: session.program.id,
        name: &name,
        currency: currency.code(),
        shares: &shares,
        created_by: session.user(),
        created_at: clock.now(),
    };
    let id = insert_community(op.tx(), &stored).await?.ok_or_else(|| {
        Error::new(
            Code::Conflict,
            format!("name: the program has a community named {name}"),
        )
    })?;
    op.audit(format!("community:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// `ROLE=RATE` pairs: each role at most once, each share above zero, all adding up to 100%.
fn role_shares(
    given: &[String],
    notation: Notation,
) -> Result<Vec<(CommunityRole, Decimal)>, Error> {
    let mut shares: Vec<(CommunityRole, Decimal)> = Vec::with_capacity(given.len());
    for pair in given {
        let (role, text) = pair.split_once('=').ok_or_else(|| {
            Error::invalid(
                "role_share",
                format!("\"{pair}\" is not ROLE=RATE, e.g. owner=0.50"),
            )
        })?;
        let role = community_role(role.trim())?;
        let share = input::rate(notation, "role_share", text.trim())?.as_decimal();
        if share.is_zero() {
            return Err(Error::invalid(
                "role_share",
                format!("the {role} share is zero: leave the role out instead"),
            ));
        }
        if shares.iter().any(|(r, _)| *r == role) {
            return Err(Error::invalid(
                "role_share",
                format!("the {role} share is given twice"),
            ));
        }
        shares.push((role, share));
    }
    let total: Decimal = shares.iter().map(|(_, s)| *s).sum();
    if total != Decimal::ONE {
        return Err(Error::invalid(
            "role_share",
            format!(
                "the role shares add up to {}%, not 100%",
                (total * Decimal::ONE_HUNDRED).normalize()
            ),
        ));
    }
    shares.sort_by_key(|(role, _)| *role);
    Ok(shares)
}

pub(crate) fn community_role(text: &str) -> Result<CommunityRole, Error> {
    CommunityRole::parse(text).map_err(|_| {
        Error::invalid(
            "role",
            format!(
                "\"{text}\" is not a community role: owner, admin_team, moderator_team or event_team"
            ),
        )
    })
}

pub async fn add_member(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    new: NewMember<'_>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_MEMBER, idempotency_key).await?;
    let name = input::name("name", new.name)?;
    let role = community_role(new.role.trim())?;
    let weight = match new.weight {
        Some(text) => parse_weight(text.trim())
            .ok()
            .filter(|w| !w.is_zero())
            .ok_or_else(|| {
                Error::invalid("weight", format!("\"{text}\" is not a weight above zero"))
            })?,
        None => Decimal::ONE,
    };
    let community = community_by_ref(op.tx(), session, new.community).await?;
    let request = json!({
        "community_id": community.id, "name": name, "role": role.as_str(), "weight": weight.to_string(),
    });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let shares = community_shares(op.tx(), community.id).await?;
    if !shares.iter().any(|(r, _)| *r == role) {
        return Err(Error::invalid(
            "role",
            format!("{} shares nothing with the {role} role", community.name),
        ));
    }
    let stored = StoredMember {
        program_id: session.program.id,
        community_id: community.id,
        name: &name,
        role,
        weight,
        added_by: session.user(),
        added_at: clock.now(),
    };
    let id = insert_member(op.tx(), &stored).await?.ok_or_else(|| {
        Error::new(
            Code::Conflict,
            format!("name: {} has a member named {name}", community.name),
        )
    })?;
    op.audit(format!("community_member:{id}"), request).await?;
    op.finish(Created { id }).await
}
