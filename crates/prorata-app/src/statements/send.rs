//! `prorata statement send --period YYYY-MM --all`: each issued statement of the month
//! e-mailed to its investor through the organisation's SMTP server, the PDF attached.
//!
//! A document is sent at most once. Each send is claimed and committed (`sending`) before its
//! message goes out, then recorded `sent` with the server's answer, or `failed` with the
//! error, in a transaction with its audit record. A run that stopped is resumed by running it
//! again: sent documents are skipped, failed ones are tried again, and a send whose outcome
//! is unknown (the run died between the claim and the answer) is named, never sent again.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use prorata_domain::statement;
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::statements::{
    SendableDocument, claim_send, document_context, document_sealed, finish_send, mail_settings,
    period_documents,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::mail::transport;
use super::run::month;
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec, audit_in_tx, begin_tx, commit};
use crate::session::Session;
use crate::{Code, Error};

const SEND: OperationSpec = OperationSpec {
    name: "statement.sent",
    roles: statement::ISSUERS,
    purpose: "send statements",
};

/// A document not sent by this run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotSent {
    pub document_id: String,
    pub investor: String,
    pub reason: String,
}

/// What a send run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SendReport {
    pub period: String,
    /// Document ids sent by this run.
    pub sent: Vec<String>,
    pub skipped: Vec<NotSent>,
    /// Sends the server refused or that could not reach it: running again tries them again.
    pub failed: Vec<NotSent>,
}

/// Sends the month's issued statements; `progress(done, total)` after each document.
pub async fn send_period(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    period: &str,
    data_key: &DataKey,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<SendReport, Error> {
    let (from, to) = month("period", period)?;
    // The actor's standing is checked as it is now, then again by every send's claim.
    Operation::begin_unkeyed(store, clock, session, SEND)
        .await?
        .release()
        .await?;
    let mut conn = store.acquire().await?;
    let settings = mail_settings(&mut conn, session.program.id)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                "mail",
                "no SMTP server is set: an admin sets it with `statement mail set`",
            )
        })?;
    let documents = period_documents(&mut conn, session.program.id, from, to).await?;
    drop(conn);
    if documents.is_empty() {
        return Err(Error::invalid(
            "period",
            format!(
                "no statement was issued for {}: issue them with `statement generate --period {} --all`",
                period.trim(),
                period.trim()
            ),
        ));
    }
    let mailer = transport(store, session, &settings).await?;
    let sender: Mailbox = settings.from_address.parse().map_err(|e| {
        Error::invalid("mail", format!("the sender {}: {e}", settings.from_address))
    })?;
    let mut report = SendReport {
        period: period.trim().to_owned(),
        sent: Vec::new(),
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    let letter = Letter {
        store,
        clock,
        session,
        data_key,
        mailer: &mailer,
        sender: &sender,
        period: &report.period.clone(),
    };
    for (index, document) in documents.iter().enumerate() {
        letter.send(document, &mut report).await?;
        progress(index + 1, documents.len());
    }
    Ok(report)
}

/// What every send of a run shares.
struct Letter<'a> {
    store: &'a Store,
    clock: &'a dyn Clock,
    session: &'a Session,
    data_key: &'a DataKey,
    mailer: &'a AsyncSmtpTransport<Tokio1Executor>,
    sender: &'a Mailbox,
    period: &'a str,
}

impl Letter<'_> {
    async fn send(&self, d: &SendableDocument, report: &mut SendReport) -> Result<(), Error> {
        let skip = |reason: &str| NotSent {
            document_id: d.document_id.clone(),
            investor: d.investor_name.clone(),
            reason: reason.to_owned(),
        };
        let address = match self.address(d)? {
            Ok(address) => address,
            Err(reason) => {
                report.skipped.push(skip(reason));
                return Ok(());
            }
        };
        let Some(send_id) = self.claim(d, &address).await? else {
            report.skipped.push(skip("sent by another run"));
            return Ok(());
        };
        let outcome = match self.message(d, &address).await {
            Ok(message) => self
                .mailer
                .send(message)
                .await
                .map_err(|e| e.to_string())
                .map(|r| format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))),
            Err(error) => Err(error.message),
        };
        let (sent, answer) = match &outcome {
            Ok(answer) => (true, answer.as_str()),
            Err(error) => (false, error.as_str()),
        };
        self.finish(d, send_id, sent, answer).await?;
        if sent {
            report.sent.push(d.document_id.clone());
        } else {
            report.failed.push(skip(answer));
        }
        Ok(())
    }

    /// The investor's address, or why the document is not sent.
    fn address(&self, d: &SendableDocument) -> Result<Result<String, &'static str>, Error> {
        Ok(match (d.send_status.as_deref(), &d.email_sealed) {
            (Some("sent"), _) => Err("sent before"),
            (Some(_), _) => Err(
                "a send was started and its outcome is not known (the run stopped): it is not sent again; see the server's log",
            ),
            (None, None) => Err("the investor has no e-mail address"),
            (None, Some(sealed)) => Ok(self
                .data_key
                .open(sealed, &format!("investors.email:{}", d.investor_id))?),
        })
    }

    async fn claim(&self, d: &SendableDocument, address: &str) -> Result<Option<i64>, Error> {
        let program_id = self.session.program.id;
        let sealed = self
            .data_key
            .seal(address, &format!("statement_sends.to:{}", d.statement_id))?;
        let mut tx = begin_tx(self.store).await?;
        let claimed = claim_send(
            &mut tx,
            program_id,
            d.statement_id,
            &sealed,
            self.session.user(),
            self.clock.now(),
        )
        .await?;
        commit(tx).await?;
        Ok(claimed)
    }

    async fn finish(
        &self,
        d: &SendableDocument,
        send_id: i64,
        sent: bool,
        answer: &str,
    ) -> Result<(), Error> {
        let mut tx = begin_tx(self.store).await?;
        finish_send(&mut tx, send_id, sent, answer, self.clock.now()).await?;
        let after = json!({ "document_id": d.document_id, "send_id": send_id, "sent": sent, "server_response": answer });
        let change = Change::new(SEND.name, format!("statement:{}", d.document_id), after);
        audit_in_tx(&mut tx, self.store, self.clock, self.session, change).await?;
        commit(tx).await
    }

    async fn message(&self, d: &SendableDocument, address: &str) -> Result<Message, Error> {
        let program_id = self.session.program.id;
        let mut conn = self.store.acquire().await?;
        let sealed =
            document_sealed(&mut conn, program_id, std::slice::from_ref(&d.document_id)).await?;
        let (_, sealed) = sealed.into_iter().next().ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("{} has no recorded bytes", d.document_id),
            )
        })?;
        let bytes = self
            .data_key
            .open_bytes(&sealed, &document_context(program_id, &d.document_id))?;
        let to: Mailbox = address
            .parse()
            .map_err(|e| Error::invalid("email", format!("{address}: {e}")))?;
        let organisation = &self.session.program.name;
        let body = format!(
            "Dear {},\n\nYour statement for {} from {organisation} is attached ({}.pdf).\nIts SHA-256 is recorded: `prorata statement verify` tells whether a copy is the one issued.\n",
            d.investor_name, self.period, d.document_id
        );
        let pdf = ContentType::parse("application/pdf")
            .map_err(|e| Error::new(Code::Internal, e.to_string()))?;
        Message::builder()
            .from(self.sender.clone())
            .to(to)
            .subject(format!(
                "{organisation}: your statement for {}",
                self.period
            ))
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(
                        Attachment::new(format!("{}.pdf", d.document_id)).body(bytes.to_vec(), pdf),
                    ),
            )
            .map_err(|e| Error::invalid("email", e.to_string()))
    }
}
