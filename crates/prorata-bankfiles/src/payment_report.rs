//! A bank's report on the payments of a file it took: one line per payment, named by the
//! reference the file gave it (its `EndToEndId`), paid with the bank's own reference or
//! failed with the bank's reason. Read from CSV with a header:
//!
//! ```text
//! reference,status,detail
//! PRORATA-1-B3-W17,paid,FT26120100017
//! PRORATA-1-B3-W18,failed,account closed
//! ```

use thiserror::Error;

use crate::MAX_PAYMENTS;

/// What the bank did with one payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportedOutcome {
    /// Paid; the bank's own reference for the transfer.
    Paid { bank_reference: String },
    /// Not paid; the bank's reason.
    Failed { reason: String },
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedPayment {
    /// The payment's `EndToEndId`.
    pub reference: String,
    pub outcome: ReportedOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PaymentReportError {
    #[error("the report's first line must be the header reference,status,detail; it is {0:?}")]
    Header(String),
    #[error("line {line}: {problem}")]
    Line { line: u64, problem: String },
    #[error("the report has no payment")]
    Empty,
    #[error("the report has more than {MAX_PAYMENTS} payments")]
    TooLong,
}

const HEADER: [&str; 3] = ["reference", "status", "detail"];

/// Reads a report. Every line must name a payment and say `paid` or `failed`, with the
/// bank's reference or reason; nothing is read from a report with a bad line.
pub fn read_payment_report(bytes: &[u8]) -> Result<Vec<ReportedPayment>, PaymentReportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| PaymentReportError::Header(e.to_string()))?;
    let named: Vec<String> = header.iter().map(str::to_ascii_lowercase).collect();
    if named != HEADER {
        return Err(PaymentReportError::Header(
            header.iter().collect::<Vec<_>>().join(","),
        ));
    }
    let mut payments = Vec::new();
    for record in reader.records() {
        if payments.len() == MAX_PAYMENTS {
            return Err(PaymentReportError::TooLong);
        }
        let record = record.map_err(|e| PaymentReportError::Line {
            line: e.position().map_or(0, csv::Position::line),
            problem: e.to_string(),
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        payments.push(payment(&record, line)?);
    }
    if payments.is_empty() {
        return Err(PaymentReportError::Empty);
    }
    Ok(payments)
}

fn payment(record: &csv::StringRecord, line: u64) -> Result<ReportedPayment, PaymentReportError> {
    let problem = |problem: String| PaymentReportError::Line { line, problem };
    let field = |index: usize, name: &str| {
        record
            .get(index)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| problem(format!("{name} is empty")))
    };
    let reference = field(0, "reference")?;
    let detail = field(2, "detail")?;
    let outcome = match field(1, "status")?.to_ascii_lowercase().as_str() {
        "paid" => ReportedOutcome::Paid {
            bank_reference: detail,
        },
        "failed" => ReportedOutcome::Failed { reason: detail },
        other => {
            return Err(problem(format!(
                "status {other:?} is neither paid nor failed"
            )));
        }
    };
    Ok(ReportedPayment { reference, outcome })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_paid_and_failed_lines_in_order() {
        let report = b"reference,status,detail\nPRORATA-1-B3-W17,paid,FT001\n PRORATA-1-B3-W18 , Failed ,\"account closed, by the payee\"\n";
        let read = read_payment_report(report).expect("read");
        assert_eq!(
            read,
            [
                ReportedPayment {
                    reference: "PRORATA-1-B3-W17".into(),
                    outcome: ReportedOutcome::Paid {
                        bank_reference: "FT001".into()
                    },
                },
                ReportedPayment {
                    reference: "PRORATA-1-B3-W18".into(),
                    outcome: ReportedOutcome::Failed {
                        reason: "account closed, by the payee".into()
                    },
                },
            ]
        );
    }

    #[test]
    fn a_bad_line_is_named_and_nothing_is_read() {
        let report = b"reference,status,detail\nA,paid,FT1\nB,bounced,x\n";
        assert_eq!(
            read_payment_report(report),
            Err(PaymentReportError::Line {
                line: 3,
                problem: "status \"bounced\" is neither paid nor failed".into()
            })
        );
        let empty_detail = b"reference,status,detail\nA,paid,\n";
        assert_eq!(
            read_payment_report(empty_detail),
            Err(PaymentReportError::Line {
                line: 2,
                problem: "detail is empty".into()
            })
        );
        let short = b"reference,status,detail\nA,paid\n";
        assert!(matches!(
            read_payment_report(short),
            Err(PaymentReportError::Line { line: 2, .. })
        ));
    }

    #[test]
    fn a_report_without_its_header_or_payments_is_refused() {
        assert!(matches!(
            read_payment_report(b"A,paid,FT1\n"),
            Err(PaymentReportError::Header(_))
        ));
        assert_eq!(
            read_payment_report(b"reference,status,detail\n"),
            Err(PaymentReportError::Empty)
        );
    }
}
