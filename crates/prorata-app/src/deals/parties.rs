//! `prorata partner add` and `prorata investor add`: who runs deals and who funds them.

use prorata_domain::control::Role;
use prorata_store::Store;
use prorata_store::crypto::{DataKey, mask};
use prorata_store::deals::{
    create_investor, create_partner, list_investors as store_investors,
    list_partners as store_partners, set_investor_email,
};
use serde_json::json;

use super::PartyView;
use crate::clock::Clock;
use crate::input;
use crate::operation::{Operation, OperationSpec};
use crate::responses::{Created, Items};
use crate::session::Session;
use crate::{Code, Error};

const ADD_PARTNER: OperationSpec = OperationSpec {
    name: "partner.add",
    roles: &[Role::Officer, Role::Admin],
    purpose: "add partners",
};

const ADD_INVESTOR: OperationSpec = OperationSpec {
    name: "investor.add",
    roles: &[Role::Officer, Role::Admin],
    purpose: "add investors",
};

pub async fn add_partner(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_PARTNER, idempotency_key).await?;
    let name = input::name("name", name)?;
    let request = json!({ "name": name });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let id = create_partner(
        op.tx(),
        session.program.id,
        &name,
        session.user(),
        clock.now(),
    )
    .await?
    .ok_or_else(|| {
        Error::new(
            Code::Conflict,
            format!("a partner called {name} already exists"),
        )
    })?;
    op.audit(format!("partner:{id}"), request).await?;
    op.finish(Created { id }).await
}

/// Adds an investor; an e-mail is sealed with the data key, which must then be given.
pub async fn add_investor(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    name: &str,
    email: Option<&str>,
    data_key: Option<&DataKey>,
    idempotency_key: &str,
) -> Result<Created, Error> {
    let mut op = Operation::begin(store, clock, session, ADD_INVESTOR, idempotency_key).await?;
    let name = input::name("name", name)?;
    let email = match (email, data_key) {
        (Some(email), Some(data_key)) => {
            Some((crate::control::check_email(email)?.to_owned(), data_key))
        }
        (Some(_), None) => return Err(crate::secrets::sealing_needs_the_data_key("email")),
        (None, _) => None,
    };
    // The request's digest records that an e-mail was given, never the e-mail itself.
    let request = json!({ "name": name, "email_given": email.is_some() });
    if let Some(done) = op.claim(&request).await? {
        return Ok(done);
    }
    let id = create_investor(
        op.tx(),
        session.program.id,
        &name,
        session.user(),
        clock.now(),
    )
    .await?
    .ok_or_else(|| {
        Error::new(
            Code::Conflict,
            format!("an investor called {name} already exists"),
        )
    })?;
    if let Some((email, data_key)) = email {
        let sealed = data_key.seal(&email, &format!("investors.email:{id}"))?;
        set_investor_email(op.tx(), id, &sealed).await?;
    }
    op.audit(format!("investor:{id}"), request).await?;
    op.finish(Created { id }).await
}

pub async fn list_partners(store: &Store, session: &Session) -> Result<Items<PartyView>, Error> {
    let mut conn = store.acquire().await?;
    let partners = store_partners(&mut conn, session.program.id).await?;
    Ok(Items {
        items: partners
            .into_iter()
            .map(|p| PartyView {
                id: p.id,
                name: p.name,
                email: None,
            })
            .collect(),
    })
}

pub async fn list_investors(
    store: &Store,
    session: &Session,
    data_key: Option<&DataKey>,
) -> Result<Items<PartyView>, Error> {
    let mut conn = store.acquire().await?;
    let investors = store_investors(&mut conn, session.program.id).await?;
    Ok(Items {
        items: investors
            .into_iter()
            .map(|p| PartyView {
                email: p.email_sealed.map(|sealed| match data_key {
                    Some(key) => key
                        .open(&sealed, &format!("investors.email:{}", p.id))
                        .map(|email| mask(&email))
                        .unwrap_or_else(|e| e.to_string()),
                    None => "sealed".to_owned(),
                }),
                id: p.id,
                name: p.name,
            })
            .collect(),
    })
}
