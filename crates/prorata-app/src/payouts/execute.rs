//! `prorata batch execute BATCH --out DIR`: an approved batch written into the bank's two
//! files, `batch-{id}.csv` and `batch-{id}.pain.001.xml` (mode 0600, only in the folder
//! chosen), their SHA-256 recorded, and its items and withdrawals marked sent, in one
//! transaction: either every file is recorded or none is. Executing an executed batch writes
//! nothing and answers with the files it issued.

use std::path::Path;

use prorata_bankfiles::{Debtor, Payment, PaymentBatch, credit_transfer_xml, payment_list_csv};
use prorata_domain::payout::{self, AccountNumber, BatchAction, BatchStatus, Bic};
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::payouts::{
    BatchAct, BatchRecord, FileRecord, bank_account_context, files_of, find_bank_account, items_of,
    lock_batch, mark_executed, program_name, withdrawal_context, withdrawals_of_batch,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::files;
use crate::operation::{Operation, OperationSpec};
use crate::second_factor::{SecondFactor, verified};
use crate::session::Session;
use crate::{Code, Error, stored};

const EXECUTE: OperationSpec = OperationSpec {
    name: "batch.execute",
    roles: payout::BATCH_HANDLERS,
    purpose: "execute payout batches",
};

/// A file a batch issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IssuedFile {
    pub name: String,
    pub sha256: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size_bytes: i64,
}

/// What executing did: the files, and whether they were written now (or issued before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExecutedBatch {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub written: bool,
    pub files: Vec<IssuedFile>,
}

pub(crate) fn issued(files: Vec<FileRecord>) -> Vec<IssuedFile> {
    files
        .into_iter()
        .map(|f| IssuedFile {
            name: f.name,
            sha256: prorata_store::crypto::to_hex(&f.sha256),
            size_bytes: f.size_bytes,
        })
        .collect()
}

/// Executes an approved batch into `out_dir`. `factor` holds the data key, which opens the
/// account numbers the files carry, and a fresh code when the program requires a second
/// factor.
pub async fn execute_batch(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    batch_id: i64,
    out_dir: &Path,
    factor: SecondFactor<'_>,
    idempotency_key: &str,
) -> Result<ExecutedBatch, Error> {
    let mut op = Operation::begin(store, clock, session, EXECUTE, idempotency_key).await?;
    if let Some(done) = op.claim(&json!({ "batch_id": batch_id })).await? {
        return Ok(done);
    }
    let program_id = session.program.id;
    let batch = lock_batch(op.tx(), program_id, batch_id)
        .await?
        .ok_or_else(|| {
            Error::invalid("batch", format!("no payout batch is numbered {batch_id}"))
        })?;
    if batch.status == BatchStatus::Executed {
        // Money leaves once: the files issued then are the answer, and nothing is written.
        let files = issued(files_of(op.tx(), batch_id).await?);
        return op
            .finish(ExecutedBatch {
                id: batch_id,
                written: false,
                files,
            })
            .await;
    }
    batch.status.after(BatchAction::Execute)?;
    let data_key = factor
        .data_key
        .ok_or_else(|| crate::secrets::sealing_needs_the_data_key("account_number"))?;
    // Only money about to leave asks for a code (the batch locked first, as when approving):
    // the answer for an executed batch is the files it issued, and nothing leaves again.
    let mut op = verified(op, factor).await?;
    files::refuse_unusable("out", out_dir)?;
    let payment_batch = payment_batch(&mut op, &batch, data_key).await?;
    let mut files = Vec::with_capacity(2);
    let stem = format!("batch-{batch_id}");
    for (name, bytes) in [
        (format!("{stem}.csv"), payment_list_csv(&payment_batch)),
        (
            format!("{stem}.pain.001.xml"),
            credit_transfer_xml(&payment_batch),
        ),
    ] {
        let bytes =
            bytes.map_err(|e| Error::new(Code::Internal, format!("batch {batch_id}: {e}")))?;
        files::write_whole(out_dir, &name, &bytes)?;
        files.push(FileRecord {
            name,
            sha256: Sha256::digest(&bytes).to_vec(),
            size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            written_at: clock.now(),
        });
    }
    let act = BatchAct {
        batch_id,
        by: session.user(),
        at: clock.now(),
    };
    mark_executed(op.tx(), program_id, act, &files).await?;
    let files = issued(files);
    op.audit(
        format!("batch:{batch_id}"),
        json!({ "status": "executed", "files": files }),
    )
    .await?;
    op.finish(ExecutedBatch {
        id: batch_id,
        written: true,
        files,
    })
    .await
}

/// The batch as its files pay it: the debtor's and every payee's details unsealed.
async fn payment_batch(
    op: &mut Operation<'_>,
    batch: &BatchRecord,
    data_key: &DataKey,
) -> Result<PaymentBatch, Error> {
    let (program_id, now) = (op.session().program.id, op.clock().now());
    let bank = find_bank_account(op.tx(), program_id, &batch.bank_id.to_string())
        .await?
        .ok_or_else(|| {
            Error::new(
                Code::Internal,
                format!("batch {} has no bank account", batch.id),
            )
        })?;
    let number = data_key.open(
        &bank.account_number_sealed,
        &bank_account_context(program_id, &bank.name),
    )?;
    let currency = stored::currency(&batch.currency)?;
    let items = items_of(op.tx(), batch.id).await?;
    let withdrawals = withdrawals_of_batch(op.tx(), batch.id).await?;
    let live: Vec<_> = items
        .iter()
        .filter(|i| i.status != payout::PayoutItemStatus::Released)
        .collect();
    assert_eq!(live.len(), withdrawals.len(), "an item per withdrawal");
    let mut payments = Vec::with_capacity(live.len());
    for (item, w) in live.iter().zip(&withdrawals) {
        assert_eq!(item.withdrawal_id, w.id, "in the same order");
        let open = |sealed: &[u8], field: &str| {
            data_key.open(
                sealed,
                &withdrawal_context(program_id, w.hold_entry_id, field),
            )
        };
        payments.push(Payment {
            end_to_end_id: item.reference.clone(),
            amount: stored::money(item.amount_minor, currency)?,
            creditor_name: open(&w.account_name_sealed, "account_name")?,
            creditor_account: AccountNumber::parse(&open(
                &w.account_number_sealed,
                "account_number",
            )?)?,
            creditor_bank: w.bank_name.clone(),
            remittance: format!("Withdrawal {}", w.id),
        });
    }
    let approved_at = batch.approved_at.unwrap_or(now);
    Ok(PaymentBatch {
        message_id: payout::batch_message_id(program_id, batch.id),
        created_at: approved_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        execution_date: now.date_naive(),
        initiating_party: program_name(op.tx(), program_id).await?,
        debtor: Debtor {
            name: bank.name.clone(),
            account: AccountNumber::parse(&number)?,
            bic: bank.bic.as_deref().map(Bic::parse).transpose()?,
            bank_name: bank.bank_name.clone(),
        },
        currency,
        payments,
    })
}
