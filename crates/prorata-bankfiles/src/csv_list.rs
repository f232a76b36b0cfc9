//! The same payments as a CSV list with a header, one row per payment and the payee's full
//! bank details (the bank's upload needs them), written by the `csv` crate, which quotes a
//! field wherever it holds a comma, a quote or a line break.

use super::{BankFileError, PaymentBatch};

const HEADER: [&str; 9] = [
    "reference",
    "amount",
    "currency",
    "payee_name",
    "payee_account",
    "payee_account_type",
    "payee_bank",
    "remittance",
    "execution_date",
];

/// The batch as CSV, UTF-8, one row per payment after the header.
pub fn payment_list_csv(batch: &PaymentBatch) -> Result<Vec<u8>, BankFileError> {
    batch.check()?;
    let failed = |e: csv::Error| BankFileError::Writing(e.to_string());
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(HEADER).map_err(failed)?;
    let date = batch.execution_date.format("%Y-%m-%d").to_string();
    for p in &batch.payments {
        let amount = p.amount.to_string();
        let kind = if p.creditor_account.is_iban() {
            "IBAN"
        } else {
            "account"
        };
        writer
            .write_record([
                p.end_to_end_id.as_str(),
                amount.as_str(),
                batch.currency.code(),
                p.creditor_name.trim(),
                p.creditor_account.as_str(),
                kind,
                p.creditor_bank.trim(),
                p.remittance.as_str(),
                date.as_str(),
            ])
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| BankFileError::Writing(e.to_string()))
}
