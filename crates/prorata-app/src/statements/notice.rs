//! `prorata statement notice DISTRIBUTION --investor INV --out FILE`: the notice of one posted
//! distribution to one investor who shared in it, issued once like a statement.

use std::path::Path;

use prorata_domain::deal::DistributionKind;
use prorata_domain::statement;
use prorata_statements::{DistributionNotice, Issuer, Recipient};
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::deals::find_investor;
use prorata_store::statements::{NewDocument, NoticeSource, notice_source};
use serde_json::json;

use super::issue::{
    ISSUE_STATEMENT, IssuedDocument, deliver, destination, new_document, record, recorded,
    rendering_error,
};
use crate::clock::Clock;
use crate::operation::Operation;
use crate::session::Session;
use crate::{Code, Error, stored};

/// Issues (or issues again) the notice of `distribution_id` to an investor, written to `out`.
#[allow(
    clippy::too_many_arguments,
    reason = "a use case's store, clock, session, request, destination, key and data key"
)]
pub async fn issue_notice(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    distribution_id: i64,
    investor: &str,
    out: &Path,
    idempotency_key: &str,
    data_key: &DataKey,
) -> Result<IssuedDocument, Error> {
    let (dir, name) = destination(out)?;
    let mut op = Operation::begin(store, clock, session, ISSUE_STATEMENT, idempotency_key).await?;
    let program_id = session.program.id;
    let investor = find_investor(op.tx(), program_id, investor.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "investor",
                format!("no investor is called or numbered {investor}"),
            )
        })?;
    let asked = json!({ "distribution_id": distribution_id, "investor_id": investor.id });
    if let Some(done) = op.claim::<IssuedDocument>(&asked).await? {
        return deliver(store, session, done, None, Some((dir, name)), data_key).await;
    }
    let document_id = statement::notice_id(program_id, distribution_id, investor.id);
    if let Some(issued) = recorded(&mut op, &document_id).await? {
        let issued = op.finish(issued).await?;
        return deliver(store, session, issued, None, Some((dir, name)), data_key).await;
    }
    let source = source_of(&mut op, distribution_id, investor.id, &investor.name).await?;
    refuse_unposted(&source)?;
    let notice = model(
        session,
        clock,
        document_id,
        &investor.name,
        investor.id,
        &source,
    )?;
    let rendered = prorata_statements::distribution_notice(&notice).map_err(rendering_error)?;
    let new = NewDocument {
        distribution_id: Some(distribution_id),
        ..new_document(
            session,
            clock,
            &rendered,
            investor.id,
            &source.currency,
            data_key,
        )?
    };
    let issued = record(&mut op, new).await?;
    let issued = op.finish(issued).await?;
    deliver(
        store,
        session,
        issued,
        Some(&rendered),
        Some((dir, name)),
        data_key,
    )
    .await
}

async fn source_of(
    op: &mut Operation<'_>,
    distribution_id: i64,
    investor_id: i64,
    investor: &str,
) -> Result<NoticeSource, Error> {
    let program_id = op.session().program.id;
    notice_source(op.tx(), program_id, distribution_id, investor_id)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "investor",
                format!("{investor} has no share in distribution {distribution_id} (or there is no such distribution)"),
            )
        })
}

fn refuse_unposted(source: &NoticeSource) -> Result<(), Error> {
    if !source.posted {
        return Err(Error::new(
            Code::Conflict,
            format!(
                "distribution {} is not posted: its notice is issued once it is",
                source.distribution_id
            ),
        ));
    }
    if source.kind == DistributionKind::Reversal {
        return Err(Error::invalid(
            "distribution",
            format!(
                "distribution {} is a reversal: the investor's statement shows it, beside the distribution it takes back",
                source.distribution_id
            ),
        ));
    }
    Ok(())
}

fn model(
    session: &Session,
    clock: &dyn Clock,
    notice_id: String,
    investor_name: &str,
    investor_id: i64,
    s: &NoticeSource,
) -> Result<DistributionNotice, Error> {
    let currency = stored::currency(&s.currency)?;
    let money = |minor: i64| stored::money(minor, currency);
    let balance_before = money(s.balance_before_minor)?;
    Ok(DistributionNotice {
        notice_id,
        issuer: Issuer {
            name: session.program.name.clone(),
        },
        recipient: Recipient {
            investor_id,
            name: investor_name.to_owned(),
        },
        deal_id: s.deal_id,
        deal_name: s.deal_name.clone(),
        distribution_id: s.distribution_id,
        value_date: s.value_date,
        issued_on: clock.now().date_naive(),
        value: money(s.value_minor)?,
        high_water_mark: money(s.high_water_mark_minor)?,
        new_high_water_mark: money(s.new_high_water_mark_minor)?,
        profit: money(s.profit_minor)?,
        partner_commission_rate: stored::rate(s.partner_commission_rate)?,
        partner_commission: money(s.partner_commission_minor)?,
        platform_fee_rate: stored::rate(s.platform_fee_rate)?,
        platform_fee: money(s.platform_fee_minor)?,
        investor_pool: money(s.investor_pool_minor)?,
        investment: money(s.investment_minor)?,
        active_capital: money(s.active_capital_minor)?,
        share: money(s.share_minor)?,
        balance_before,
        // What the ledger's entry did to the payable: the notice's check that it is the share
        // ties the notice to the ledger.
        balance_after: money(s.balance_before_minor + s.entry_moved_minor)?,
        cumulative_to_date: money(s.cumulative_minor)?,
    })
}
