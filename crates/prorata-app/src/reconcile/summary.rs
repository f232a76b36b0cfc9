//! `prorata reconcile report --bank BANK [--pdf FILE] [--csv FILE]` and the window's
//! reconciliation screen: an account's newest statement balance against the ledger's
//! `bank:{id}`, what each rule matched, the newest matches, and what is open on both sides;
//! as a PDF through prorata-statements and as CSV, each written on the record.

use super::bank_named;
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use prorata_domain::ledger::Side;
use prorata_domain::payout::{BATCH_HANDLERS, masked_last_four};
use prorata_domain::reconciliation::{MatchOutcome, MatchRule};
use prorata_domain::{Currency, Money};
use prorata_statements::{
    BankReconciliationReport, Issuer, MatchedByRule, OpenEntry, WaitingResolution,
};
use prorata_store::Store;
use prorata_store::reconcile::{latest_statement, match_totals, recent_matches};
use serde::{Deserialize, Serialize};

use super::open::open_on_account;
use super::views::OpenOnAccount;
use crate::clock::Clock;
use crate::operation::{Change, Operation, OperationSpec};
use crate::payouts::time_text;
use crate::session::Session;
use crate::statements::{destination, rendering_error};
use crate::{Code, Error, files, stored};

const WRITE: OperationSpec = OperationSpec {
    name: "bank.reconciliation_written",
    roles: BATCH_HANDLERS,
    purpose: "write the bank reconciliation report",
};

/// The newest matches the screen shows.
pub const MAX_RECENT_MATCHES: i64 = 500;

/// What one rule matched, with one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleTotalView {
    pub rule: MatchRule,
    /// The rule as a reader says it.
    pub label: String,
    pub outcome: MatchOutcome,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub matches: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub lines: i64,
    pub amount: String,
}

/// A match as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MatchRowView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub rule: MatchRule,
    pub label: String,
    pub outcome: MatchOutcome,
    pub amount: String,
    pub reason: Option<String>,
    pub matched_by: String,
    pub matched_at: String,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub lines: Vec<i64>,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub items: Vec<i64>,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub remittances: Vec<i64>,
}

/// An account's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BankReconciliationView {
    pub bank: String,
    pub currency: String,
    /// `•••• 4321`.
    pub account_number: String,
    /// `bank:{id}`.
    pub ledger_account: String,
    /// What the ledger says the account holds.
    pub ledger_balance: String,
    /// The newest statement's id, when it was imported, and its closing booked balance.
    pub statement_ref: Option<String>,
    pub statement_imported_at: Option<String>,
    pub statement_closing: Option<String>,
    /// The statement's closing balance less the ledger's.
    pub difference: Option<String>,
    pub matched: Vec<RuleTotalView>,
    pub recent: Vec<MatchRowView>,
    pub open: OpenOnAccount,
    /// The open lines', items' and remittances' totals.
    pub open_lines_total: String,
    pub open_items_total: String,
    pub open_remittances_total: String,
}

/// The account's reconciliation as it stands.
pub async fn bank_reconciliation(
    store: &Store,
    session: &Session,
    bank: &str,
) -> Result<BankReconciliationView, Error> {
    let open = open_on_account(store, session, bank).await?;
    let program_id = session.program.id;
    let mut conn = store.acquire().await?;
    let account = bank_named(&mut conn, program_id, bank).await?;
    let currency = stored::currency(&account.currency)?;
    let ledger_account = format!("bank:{}", account.id);
    let ledger = ledger_minor(&mut conn, program_id, &ledger_account, currency).await?;
    let statement = latest_statement(&mut conn, account.id).await?;
    let totals = match_totals(&mut conn, program_id, account.id).await?;
    let recent = recent_matches(&mut conn, program_id, account.id, MAX_RECENT_MATCHES).await?;
    let closing = statement.as_ref().and_then(|(_, closing, _)| *closing);
    Ok(BankReconciliationView {
        bank: account.name.clone(),
        currency: account.currency.clone(),
        account_number: masked_last_four(&account.account_number_last4),
        ledger_balance: stored::wide_amount(ledger, currency)?,
        difference: closing
            .map(|c| stored::wide_amount(i128::from(c) - ledger, currency))
            .transpose()?,
        statement_ref: statement.as_ref().map(|(id, _, _)| id.clone()),
        statement_imported_at: statement.as_ref().map(|(_, _, at)| time_text(*at)),
        statement_closing: closing.map(|c| stored::amount(c, currency)).transpose()?,
        ledger_account,
        matched: rule_totals(totals, currency)?,
        recent: match_rows(recent, currency)?,
        open_lines_total: total(open.lines.iter().map(|l| l.amount.as_str()), currency)?,
        open_items_total: total(open.items.iter().map(|i| i.amount.as_str()), currency)?,
        open_remittances_total: total(
            open.remittances.iter().map(|r| r.amount.as_str()),
            currency,
        )?,
        open,
    })
}

fn rule_totals(
    totals: Vec<prorata_store::reconcile::RuleTotalRecord>,
    currency: Currency,
) -> Result<Vec<RuleTotalView>, Error> {
    totals
        .into_iter()
        .map(|t| {
            let rule = MatchRule::parse(&t.rule).map_err(stored_state)?;
            Ok(RuleTotalView {
                label: rule.label().to_owned(),
                rule,
                outcome: MatchOutcome::parse(&t.outcome).map_err(stored_state)?,
                matches: t.matches,
                lines: t.lines,
                amount: stored::amount(t.amount_minor, currency)?,
            })
        })
        .collect()
}

fn match_rows(
    recent: Vec<prorata_store::reconcile::MatchRecord>,
    currency: Currency,
) -> Result<Vec<MatchRowView>, Error> {
    recent
        .into_iter()
        .map(|m| {
            let rule = MatchRule::parse(&m.rule).map_err(stored_state)?;
            Ok(MatchRowView {
                id: m.id,
                label: rule.label().to_owned(),
                rule,
                outcome: MatchOutcome::parse(&m.outcome).map_err(stored_state)?,
                amount: stored::amount(m.amount_minor, currency)?,
                reason: m.reason,
                matched_by: m.matched_by,
                matched_at: time_text(m.matched_at),
                lines: m.lines,
                items: m.items,
                remittances: m.remittances,
            })
        })
        .collect()
}

fn stored_state(e: impl std::fmt::Display) -> Error {
    Error::new(Code::Internal, format!("a stored match: {e}"))
}

/// What the ledger account holds, debits less credits (a bank account is an asset).
async fn ledger_minor(
    conn: &mut prorata_store::PgConnection,
    program_id: i64,
    code: &str,
    currency: Currency,
) -> Result<i128, Error> {
    if prorata_store::ledger::find_account(&mut *conn, program_id, code, currency)
        .await?
        .is_none()
    {
        return Ok(0);
    }
    let balance =
        prorata_store::ledger::account_balance(conn, program_id, code, Some(currency), None)
            .await?;
    Ok(balance.totals.balance_minor(Side::Debit))
}

fn total<'a>(amounts: impl Iterator<Item = &'a str>, currency: Currency) -> Result<String, Error> {
    let mut sum = Money::zero(currency);
    for a in amounts {
        let m = Money::parse(a, currency).map_err(|e| Error::new(Code::Internal, e.to_string()))?;
        sum = sum
            .checked_add(m)
            .map_err(|e| Error::new(Code::Internal, e.to_string()))?;
    }
    Ok(sum.to_string())
}

/// What a report written says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReconciliationWritten {
    pub report_id: String,
    pub file: String,
    /// The file's SHA-256, in hex.
    pub sha256: String,
}

/// Writes the account's reconciliation report as PDF/A-2b to `out`, on the record.
pub async fn write_reconciliation_pdf(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    out: &Path,
) -> Result<ReconciliationWritten, Error> {
    let view = bank_reconciliation(store, session, bank).await?;
    let issued_on = clock.now().date_naive();
    let report = document(session, &view, issued_on)?;
    let rendered =
        prorata_statements::bank_reconciliation_report(&report).map_err(rendering_error)?;
    write_on_record(
        store,
        clock,
        session,
        (&report.report_id, out),
        &rendered.bytes,
    )
    .await
}

/// Writes the account's matches and open entries as CSV to `out`, on the record.
pub async fn write_reconciliation_csv(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    out: &Path,
) -> Result<ReconciliationWritten, Error> {
    let view = bank_reconciliation(store, session, bank).await?;
    let id = report_id(session, &view, clock.now().date_naive());
    let bytes = csv_of(&view)?;
    write_on_record(store, clock, session, (&id, out), &bytes).await
}

fn report_id(session: &Session, view: &BankReconciliationView, on: NaiveDate) -> String {
    let account = view.ledger_account.trim_start_matches("bank:");
    format!(
        "BANKREC-{}-{account}-{}",
        session.program.id,
        on.format("%Y%m%d")
    )
}

async fn write_on_record(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    (report_id, out): (&str, &Path),
    bytes: &[u8],
) -> Result<ReconciliationWritten, Error> {
    let (dir, name) = destination(out)?;
    let mut op = Operation::begin_unkeyed(store, clock, session, WRITE).await?;
    let mut file = files::Partial::create(dir, name)?;
    file.writer()
        .write_all(bytes)
        .map_err(|e| Error::invalid("out", format!("{} cannot be written: {e}", out.display())))?;
    file.finish()?;
    let sha256 = {
        use sha2::{Digest, Sha256};
        prorata_store::crypto::to_hex(&Sha256::digest(bytes))
    };
    let record = Change::new(
        WRITE.name,
        format!("bank-reconciliation:{report_id}"),
        serde_json::json!({ "file": name, "sha256": sha256 }),
    );
    op.record(record).await?;
    op.commit().await?;
    Ok(ReconciliationWritten {
        report_id: report_id.to_owned(),
        file: out.display().to_string(),
        sha256,
    })
}

/// The CSV: one row per match and per open entry,
/// `section,id,date,kind,rule,reference,amount,currency`.
fn csv_of(view: &BankReconciliationView) -> Result<Vec<u8>, Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| Error::new(Code::Internal, format!("writing the CSV: {e}"));
    let header = [
        "section",
        "id",
        "date",
        "kind",
        "rule",
        "reference",
        "amount",
        "currency",
    ];
    writer.write_record(header).map_err(failed)?;
    for row in matched_rows(view).into_iter().chain(open_rows(view)) {
        writer.write_record(&row).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::new(Code::Internal, format!("writing the CSV: {}", e.error())))
}

fn matched_rows(view: &BankReconciliationView) -> Vec<[String; 8]> {
    view.recent
        .iter()
        .map(|m| {
            let settled: Vec<String> = m
                .items
                .iter()
                .map(|i| format!("item {i}"))
                .chain(m.remittances.iter().map(|r| format!("remittance {r}")))
                .collect();
            let lines: Vec<String> = m.lines.iter().map(i64::to_string).collect();
            [
                "matched".to_owned(),
                m.id.to_string(),
                m.matched_at.chars().take(10).collect(),
                m.outcome.to_string(),
                m.rule.to_string(),
                format!("lines {}; {}", lines.join(" "), settled.join(" ")),
                m.amount.clone(),
                view.currency.clone(),
            ]
        })
        .collect()
}

fn open_rows(view: &BankReconciliationView) -> Vec<[String; 8]> {
    let row = |section: &str,
               id: i64,
               date: Option<&str>,
               kind: &str,
               reference: Option<&str>,
               amount: &str| {
        [
            section.to_owned(),
            id.to_string(),
            date.map(|d| d.chars().take(10).collect())
                .unwrap_or_default(),
            kind.to_owned(),
            String::new(),
            reference.unwrap_or("").to_owned(),
            amount.to_owned(),
            view.currency.clone(),
        ]
    };
    let open = &view.open;
    let lines = open.lines.iter().map(|l| {
        let reference = l.end_to_end_id.as_deref().or(l.bank_reference.as_deref());
        row(
            "open line",
            l.id,
            l.booked_on.as_deref(),
            &l.kind,
            reference,
            &l.amount,
        )
    });
    let items = open.items.iter().map(|i| {
        row(
            "open item",
            i.id,
            i.sent_at.as_deref(),
            "sent",
            Some(&i.reference),
            &i.amount,
        )
    });
    let remittances = open.remittances.iter().map(|r| {
        let on = Some(r.remitted_on.as_str());
        row(
            "open remittance",
            r.id,
            on,
            "remitted",
            r.reference.as_deref(),
            &r.amount,
        )
    });
    lines.chain(items).chain(remittances).collect()
}

/// The report as prorata-statements takes it.
fn document(
    session: &Session,
    view: &BankReconciliationView,
    issued_on: NaiveDate,
) -> Result<BankReconciliationReport, Error> {
    let currency = stored::currency(&view.currency)?;
    let money = |text: &str| {
        Money::parse_signed(text, currency).map_err(|e| Error::new(Code::Internal, e.to_string()))
    };
    let closing = view.statement_closing.as_deref().map(money).transpose()?;
    let matched = view
        .matched
        .iter()
        .map(|m| {
            Ok(MatchedByRule {
                rule: m.label.clone(),
                outcome: m.outcome.to_string(),
                matches: m.matches,
                lines: m.lines,
                amount: money(&m.amount)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    let (open_lines, open_items, open_remittances) = open_entries(view, &money)?;
    Ok(BankReconciliationReport {
        report_id: report_id(session, view, issued_on),
        issuer: Issuer {
            name: session.program.name.clone(),
        },
        bank: view.bank.clone(),
        account_number: view.account_number.clone(),
        ledger_account: view.ledger_account.clone(),
        issued_on,
        ledger_balance: money(&view.ledger_balance)?,
        statement: view.statement_ref.clone().map(|id| (id, closing)),
        matched,
        open_lines,
        open_items,
        open_remittances,
        waiting: waiting_of(view, &money)?,
    })
}

type Entries = (Vec<OpenEntry>, Vec<OpenEntry>, Vec<OpenEntry>);

fn open_entries(
    view: &BankReconciliationView,
    money: &dyn Fn(&str) -> Result<Money, Error>,
) -> Result<Entries, Error> {
    let day = |text: Option<&str>| text.and_then(|t| t.get(..10)).and_then(|t| t.parse().ok());
    let entry = |id, date: Option<&str>, kind: &str, reference: Option<&str>, amount: &str| {
        Ok(OpenEntry {
            id,
            date: day(date),
            kind: kind.to_owned(),
            reference: reference.unwrap_or("").to_owned(),
            amount: money(amount)?,
        })
    };
    let open = &view.open;
    let lines = open.lines.iter().map(|l| {
        let reference = l.end_to_end_id.as_deref().or(l.bank_reference.as_deref());
        entry(l.id, l.booked_on.as_deref(), &l.kind, reference, &l.amount)
    });
    let items = open.items.iter().map(|i| {
        entry(
            i.id,
            i.sent_at.as_deref(),
            "sent",
            Some(&i.reference),
            &i.amount,
        )
    });
    let remittances = open.remittances.iter().map(|r| {
        let on = Some(r.remitted_on.as_str());
        entry(r.id, on, "remitted", r.reference.as_deref(), &r.amount)
    });
    Ok((
        lines.collect::<Result<_, Error>>()?,
        items.collect::<Result<_, Error>>()?,
        remittances.collect::<Result<_, Error>>()?,
    ))
}

fn waiting_of(
    view: &BankReconciliationView,
    money: &dyn Fn(&str) -> Result<Money, Error>,
) -> Result<Vec<WaitingResolution>, Error> {
    view.open
        .pending_resolutions
        .iter()
        .map(|r| {
            let resolved_as = match (r.item_id, r.remittance_id) {
                (Some(i), _) => format!("payout item {i}"),
                (_, Some(x)) => format!("remittance {x}"),
                _ => "set aside".to_owned(),
            };
            Ok(WaitingResolution {
                id: r.id,
                line_id: r.line_id,
                resolved_as,
                amount: money(&r.amount)?,
                resolved_by: r.resolved_by.clone(),
                reason: r.reason.clone(),
            })
        })
        .collect()
}

/// The files the window writes a reconciliation as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReconciliationFile {
    Pdf,
    Csv,
}

/// Writes the account's reconciliation into `folder` as
/// `reconciliation-{account}-{today}.pdf` (or `.csv`): the window's form.
pub async fn write_reconciliation_into(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    bank: &str,
    (folder, file): (&Path, ReconciliationFile),
) -> Result<ReconciliationWritten, Error> {
    let program_id = session.program.id;
    let mut conn = store.acquire().await?;
    let account = bank_named(&mut conn, program_id, bank).await?;
    drop(conn);
    let on = clock.now().date_naive().format("%Y%m%d");
    let (extension, write) = match file {
        ReconciliationFile::Pdf => ("pdf", true),
        ReconciliationFile::Csv => ("csv", false),
    };
    let out = folder.join(format!("reconciliation-{}-{on}.{extension}", account.id));
    if write {
        write_reconciliation_pdf(store, clock, session, bank, &out).await
    } else {
        write_reconciliation_csv(store, clock, session, bank, &out).await
    }
}
