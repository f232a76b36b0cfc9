//! `prorata withdrawal reveal ID --reason T`: a request's sealed bank details in clear, for
//! a stated reason, recorded on the audit log (who, which request, why) before they are
//! returned.

use prorata_domain::payout;
use prorata_store::Store;
use prorata_store::crypto::DataKey;
use prorata_store::payouts::{find_withdrawal, withdrawal_context};
use serde::Serialize;

use crate::Error;
use crate::clock::Clock;
use crate::input;
use crate::operation::{Change, Operation, OperationSpec};
use crate::session::Session;

const REVEAL: OperationSpec = OperationSpec {
    name: "withdrawal.revealed",
    roles: payout::REVEALERS,
    purpose: "reveal payees' bank details",
};

/// A payee's bank details in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevealedBankDetails {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub withdrawal_id: i64,
    pub bank_name: String,
    pub account_number: String,
    pub account_name: String,
}

pub async fn reveal_withdrawal(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    id: i64,
    reason: &str,
    data_key: &DataKey,
) -> Result<RevealedBankDetails, Error> {
    let mut op = Operation::begin_unkeyed(store, clock, session, REVEAL).await?;
    let reason = input::reason(reason)?;
    let program_id = session.program.id;
    let w = find_withdrawal(op.tx(), program_id, id)
        .await?
        .ok_or_else(|| Error::invalid("withdrawal", format!("no withdrawal is numbered {id}")))?;
    let open = |sealed: &[u8], field: &str| {
        data_key.open(
            sealed,
            &withdrawal_context(program_id, w.hold_entry_id, field),
        )
    };
    let account_number = open(&w.account_number_sealed, "account_number")?;
    let account_name = open(&w.account_name_sealed, "account_name")?;
    op.record(Change::reveal(
        REVEAL.name,
        format!("withdrawal:{id}"),
        reason,
    ))
    .await?;
    op.commit().await?;
    Ok(RevealedBankDetails {
        withdrawal_id: id,
        bank_name: w.bank_name,
        account_number,
        account_name,
    })
}
