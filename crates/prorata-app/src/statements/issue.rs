//! `prorata statement generate --investor INV --from D --to D --out FILE` and `statement
//! notice DISTRIBUTION --investor INV --out FILE`: one document, issued once. Its bytes'
//! SHA-256 and its sealed bytes are recorded with the issue; issuing it again writes the
//! recorded document, never a silently different one.

use std::path::Path;

use chrono::NaiveDate;
use prorata_domain::statement::{self, DocumentKind};
use prorata_statements::Rendered;
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::deals::find_investor;
use prorata_store::statements::{
    NewDocument, PayableRecord, document_context, document_sealed, find_document, insert_documents,
    payables,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::sources::{Period, statements_of};
use prorata_store::crypto::to_hex;

use super::views::DocumentView;
use crate::clock::Clock;
use crate::operation::{Operation, OperationSpec};
use crate::session::Session;
use crate::{Code, Error, files, input};

pub(crate) const ISSUE_STATEMENT: OperationSpec = OperationSpec {
    name: "statement.issued",
    roles: statement::ISSUERS,
    purpose: "issue statements",
};

/// What issuing a document did: its record, and whether it was made now or had been issued
/// before (then the file written is the recorded one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IssuedDocument {
    pub document: DocumentView,
    pub issued_now: bool,
}

/// One investor's statement of a period, as asked.
#[derive(Debug, Clone, Copy)]
pub struct StatementRequest<'a> {
    /// The investor's id or name.
    pub investor: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    /// Needed only when the investor is owed in several currencies.
    pub currency: Option<&'a str>,
}

/// Issues (or issues again) an investor's statement and writes it to `out`, when given (the
/// window previews it from its record instead).
pub async fn issue_statement(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    request: StatementRequest<'_>,
    out: Option<&Path>,
    idempotency_key: &str,
    data_key: &DataKey,
) -> Result<IssuedDocument, Error> {
    let out = out.map(destination).transpose()?;
    let mut op = Operation::begin(store, clock, session, ISSUE_STATEMENT, idempotency_key).await?;
    let period = period_of(clock, request.from, request.to)?;
    let payable = payable_of(&mut op, request).await?;
    let asked = json!({
        "investor_id": payable.investor_id, "currency": payable.currency,
        "from": period.from.to_string(), "to": period.to.to_string(),
    });
    if let Some(done) = op.claim::<IssuedDocument>(&asked).await? {
        return deliver(store, session, done, None, out, data_key).await;
    }
    let currency = crate::stored::currency(&payable.currency)?;
    let document_id = statement::statement_id(
        session.program.id,
        payable.investor_id,
        currency,
        period.from,
        period.to,
    );
    if let Some(issued) = recorded(&mut op, &document_id).await? {
        let issued = op.finish(issued).await?;
        return deliver(store, session, issued, None, out, data_key).await;
    }
    let mut snapshot = prorata_store::reconcile::begin_snapshot(store).await?;
    let model = statements_of(&mut snapshot, session, &[payable], period)
        .await?
        .remove(0);
    snapshot
        .commit()
        .await
        .map_err(crate::session::store_error)?;
    let rendered = prorata_statements::investor_statement(&model).map_err(rendering_error)?;
    let new = NewDocument {
        period: Some((period.from, period.to)),
        closing_balance_minor: Some(crate::stored::minor_units(model.closing_balance)?),
        ..new_document(
            op.session(),
            op.clock(),
            &rendered,
            model.recipient.investor_id,
            currency.code(),
            data_key,
        )?
    };
    let issued = record(&mut op, new).await?;
    let issued = op.finish(issued).await?;
    deliver(store, session, issued, Some(&rendered), out, data_key).await
}

/// The folder and file name of `--out FILE`.
pub(crate) fn destination(out: &Path) -> Result<(&Path, &str), Error> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::invalid("out", format!("{} names no file", out.display())))?;
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    files::refuse_unusable("out", dir)?;
    Ok((dir, name))
}

/// A period that has ended: a statement issued once is never issued different, so its
/// period may not still be running.
fn period_of(clock: &dyn Clock, from: &str, to: &str) -> Result<Period, Error> {
    let from = input::date("from", from)?;
    let to = input::date("to", to)?;
    let today = clock.now().date_naive();
    period_ending(from, to, today)
}

pub(crate) fn period_ending(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Period, Error> {
    if from > to {
        return Err(Error::invalid(
            "to",
            format!("{to} is before the period's start, {from}"),
        ));
    }
    if to >= today {
        return Err(Error::invalid(
            "to",
            format!("the period must have ended: {to} is not before today, {today}"),
        ));
    }
    Ok(Period {
        from,
        to,
        issued_on: today,
    })
}

/// The investor's payable the statement is of: in the currency asked, or the only one.
async fn payable_of(
    op: &mut Operation<'_>,
    request: StatementRequest<'_>,
) -> Result<PayableRecord, Error> {
    let program_id = op.session().program.id;
    let investor = find_investor(op.tx(), program_id, request.investor.trim())
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "investor",
                format!("no investor is called or numbered {}", request.investor),
            )
        })?;
    let currency = input::optional_currency("currency", request.currency)?;
    let mut found = payables(
        op.tx(),
        program_id,
        Some(&[investor.id]),
        currency.map(|c| c.code()),
    )
    .await?;
    match (found.len(), currency) {
        (1, _) => Ok(found.remove(0)),
        (0, Some(c)) => Err(Error::invalid(
            "currency",
            format!(
                "{} is owed nothing in {c}: no statement to issue",
                investor.name
            ),
        )),
        (0, None) => Err(Error::invalid(
            "investor",
            format!(
                "{} has never been owed anything: no statement to issue",
                investor.name
            ),
        )),
        _ => {
            let kept: Vec<&str> = found.iter().map(|p| p.currency.as_str()).collect();
            Err(Error::invalid(
                "currency",
                format!(
                    "{} is owed in {}: say which with --currency",
                    investor.name,
                    kept.join(", ")
                ),
            ))
        }
    }
}

/// The document already recorded under this id, as issuing it again answers.
pub(crate) async fn recorded(
    op: &mut Operation<'_>,
    document_id: &str,
) -> Result<Option<IssuedDocument>, Error> {
    let program_id = op.session().program.id;
    let found = find_document(op.tx(), program_id, &[document_id.to_owned()]).await?;
    Ok(found.into_iter().next().map(|r| IssuedDocument {
        document: DocumentView::of(r),
        issued_now: false,
    }))
}

/// A rendered document's record, its bytes sealed under its id.
pub(crate) fn new_document(
    session: &Session,
    clock: &dyn Clock,
    rendered: &Rendered,
    investor_id: i64,
    currency: &str,
    data_key: &DataKey,
) -> Result<NewDocument, Error> {
    let program_id = session.program.id;
    let context = document_context(program_id, &rendered.document_id);
    let now = clock.now();
    let count = |n: usize, what: &str| {
        i32::try_from(n)
            .map_err(|_| Error::new(Code::Internal, format!("a document of {n} {what}")))
    };
    Ok(NewDocument {
        program_id,
        document_id: rendered.document_id.clone(),
        kind: if rendered.document_id.starts_with("NOTE-") {
            DocumentKind::DistributionNotice
        } else {
            DocumentKind::InvestorStatement
        },
        investor_id,
        currency: currency.to_owned(),
        period: None,
        closing_balance_minor: None,
        distribution_id: None,
        sha256: rendered.sha256,
        content_digest: rendered.content_digest,
        size_bytes: count(rendered.bytes.len(), "bytes")?,
        pages: count(rendered.pages, "pages")?,
        document_sealed: data_key.seal_bytes(&rendered.bytes, &context)?,
        issued_on: now.date_naive(),
        issued_by: session.user().to_owned(),
        issued_at: now,
    })
}

/// Records the document and audits its issue; when another issue of the same document
/// committed first, that one stands and is answered.
pub(crate) async fn record(
    op: &mut Operation<'_>,
    new: NewDocument,
) -> Result<IssuedDocument, Error> {
    let after = json!({
        "document_id": new.document_id, "kind": new.kind.as_str(), "investor_id": new.investor_id,
        "currency": new.currency, "sha256": to_hex(&new.sha256),
        "period": new.period.map(|(from, to)| format!("{from}/{to}")),
        "distribution_id": new.distribution_id,
    });
    let document_id = new.document_id.clone();
    let made = insert_documents(op.tx(), std::slice::from_ref(&new)).await?;
    if made.is_empty() {
        return recorded(op, &document_id).await?.ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("{document_id} was neither recorded nor found"),
            )
        });
    }
    op.audit(format!("statement:{document_id}"), after).await?;
    let issued = recorded(op, &document_id).await?;
    issued
        .map(|i| IssuedDocument {
            issued_now: true,
            ..i
        })
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("{document_id} was recorded but not found"),
            )
        })
}

/// Writes the document just issued (`fresh`, its bytes in hand) or, when it was issued
/// before, its recorded bytes, as `dir/name` when asked; then answers what was issued.
pub(crate) async fn deliver(
    store: &Store,
    session: &Session,
    issued: IssuedDocument,
    fresh: Option<&Rendered>,
    out: Option<(&Path, &str)>,
    data_key: &DataKey,
) -> Result<IssuedDocument, Error> {
    let Some((dir, name)) = out else {
        return Ok(issued);
    };
    match fresh {
        Some(rendered) if issued.issued_now => files::write_whole(dir, name, &rendered.bytes)?,
        _ => {
            write_recorded(
                store,
                session,
                &issued.document.document_id,
                dir,
                name,
                data_key,
            )
            .await?
        }
    }
    Ok(issued)
}

/// Writes the recorded bytes of a document, unsealed, as `dir/name`.
pub(crate) async fn write_recorded(
    store: &Store,
    session: &Session,
    document_id: &str,
    dir: &Path,
    name: &str,
    data_key: &DataKey,
) -> Result<(), Error> {
    let bytes = recorded_bytes(store, session, document_id, data_key).await?;
    files::write_whole(dir, name, &bytes)
}

/// The recorded bytes of a document, unsealed.
pub(crate) async fn recorded_bytes(
    store: &Store,
    session: &Session,
    document_id: &str,
    data_key: &DataKey,
) -> Result<zeroize::Zeroizing<Vec<u8>>, Error> {
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let sealed = document_sealed(&mut conn, program_id, &[document_id.to_owned()]).await?;
    let (_, sealed) = sealed
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid("document", format!("{document_id} was never issued")))?;
    Ok(data_key.open_bytes(&sealed, &document_context(program_id, document_id))?)
}

/// A document that could not be made: one that does not tie to the ledger is a conflict
/// between the ledger and its subledgers (`reconcile ledger` names it), never issued.
pub(crate) fn rendering_error(error: prorata_statements::StatementError) -> Error {
    let code = match error {
        prorata_statements::StatementError::DoesNotTie { .. } => Code::Conflict,
        prorata_statements::StatementError::Invalid(_) => Code::Validation,
        prorata_statements::StatementError::Pdf(_) => Code::Internal,
    };
    Error::new(code, error.to_string())
}
