//! ISO 20022 pain.001.001.09, written from serde structs of our own with quick-xml: one
//! `PmtInf` per batch, one `CdtTrfTxInf` per payment, `NbOfTxs` and `CtrlSum` stated twice,
//! amounts at the currency's scale. The maintained crates write SEPA (EUR) only, and these
//! files carry any currency. quick-xml escapes `&`, `<` and quotes in every text.

use serde::Serialize;

use super::{BankFileError, PaymentBatch, bank_name_text};
use prorata_domain::payout::AccountNumber;

pub const PAIN_001_NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@xmlns")]
    xmlns: &'static str,
    #[serde(rename = "CstmrCdtTrfInitn")]
    initiation: Initiation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Initiation<'a> {
    grp_hdr: GroupHeader,
    pmt_inf: PaymentInformation<'a>,
}

#[derive(Serialize)]
struct GroupHeader {
    #[serde(rename = "MsgId")]
    message_id: String,
    #[serde(rename = "CreDtTm")]
    created_at: String,
    #[serde(rename = "NbOfTxs")]
    count: String,
    #[serde(rename = "CtrlSum")]
    control_sum: String,
    #[serde(rename = "InitgPty")]
    initiating_party: Party,
}

#[derive(Serialize)]
struct Party {
    #[serde(rename = "Nm")]
    name: String,
}

#[derive(Serialize)]
struct PaymentInformation<'a> {
    #[serde(rename = "PmtInfId")]
    id: &'a str,
    #[serde(rename = "PmtMtd")]
    method: &'static str,
    #[serde(rename = "BtchBookg")]
    batch_booking: bool,
    #[serde(rename = "NbOfTxs")]
    count: String,
    #[serde(rename = "CtrlSum")]
    control_sum: String,
    #[serde(rename = "PmtTpInf")]
    payment_type: PaymentType,
    #[serde(rename = "ReqdExctnDt")]
    execution: ExecutionDate,
    #[serde(rename = "Dbtr")]
    debtor: Party,
    #[serde(rename = "DbtrAcct")]
    debtor_account: CashAccount<'a>,
    #[serde(rename = "DbtrAgt")]
    debtor_agent: Agent,
    #[serde(rename = "ChrgBr")]
    charge_bearer: &'static str,
    #[serde(rename = "CdtTrfTxInf")]
    transfers: Vec<Transfer<'a>>,
}

#[derive(Serialize)]
struct PaymentType {
    #[serde(rename = "SvcLvl")]
    service_level: Code,
}

#[derive(Serialize)]
struct Code {
    #[serde(rename = "Cd")]
    code: &'static str,
}

#[derive(Serialize)]
struct ExecutionDate {
    #[serde(rename = "Dt")]
    date: String,
}

#[derive(Serialize)]
struct CashAccount<'a> {
    #[serde(rename = "Id")]
    id: AccountId<'a>,
    #[serde(rename = "Ccy", skip_serializing_if = "Option::is_none")]
    currency: Option<&'a str>,
}

/// An account's id: an IBAN, or any other number as `Othr/Id` (one of the two, always).
#[derive(Serialize)]
struct AccountId<'a> {
    #[serde(rename = "IBAN", skip_serializing_if = "Option::is_none")]
    iban: Option<&'a str>,
    #[serde(rename = "Othr", skip_serializing_if = "Option::is_none")]
    other: Option<OtherAccount<'a>>,
}

#[derive(Serialize)]
struct OtherAccount<'a> {
    #[serde(rename = "Id")]
    id: &'a str,
}

impl<'a> AccountId<'a> {
    fn of(account: &'a AccountNumber) -> AccountId<'a> {
        match account {
            AccountNumber::Iban(iban) => AccountId {
                iban: Some(iban),
                other: None,
            },
            AccountNumber::Other(id) => AccountId {
                iban: None,
                other: Some(OtherAccount { id }),
            },
        }
    }
}

#[derive(Serialize)]
struct Agent {
    #[serde(rename = "FinInstnId")]
    institution: Institution,
}

#[derive(Serialize)]
struct Institution {
    #[serde(rename = "BICFI", skip_serializing_if = "Option::is_none")]
    bic: Option<String>,
    #[serde(rename = "Nm", skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(rename = "Othr", skip_serializing_if = "Option::is_none")]
    other: Option<OtherInstitution>,
}

#[derive(Serialize)]
struct OtherInstitution {
    #[serde(rename = "Id")]
    id: &'static str,
}

#[derive(Serialize)]
struct Transfer<'a> {
    #[serde(rename = "PmtId")]
    id: PaymentId<'a>,
    #[serde(rename = "Amt")]
    amount: Amount,
    #[serde(rename = "CdtrAgt")]
    creditor_agent: Agent,
    #[serde(rename = "Cdtr")]
    creditor: Party,
    #[serde(rename = "CdtrAcct")]
    creditor_account: CashAccount<'a>,
    #[serde(rename = "RmtInf")]
    remittance: Remittance,
}

#[derive(Serialize)]
struct PaymentId<'a> {
    #[serde(rename = "EndToEndId")]
    end_to_end_id: &'a str,
}

#[derive(Serialize)]
struct Amount {
    #[serde(rename = "InstdAmt")]
    instructed: InstructedAmount,
}

#[derive(Serialize)]
struct InstructedAmount {
    #[serde(rename = "@Ccy")]
    currency: &'static str,
    #[serde(rename = "$text")]
    value: String,
}

#[derive(Serialize)]
struct Remittance {
    #[serde(rename = "Ustrd")]
    unstructured: String,
}

fn transfers(batch: &PaymentBatch) -> Vec<Transfer<'_>> {
    batch
        .payments
        .iter()
        .map(|p| Transfer {
            id: PaymentId {
                end_to_end_id: &p.end_to_end_id,
            },
            amount: Amount {
                instructed: InstructedAmount {
                    currency: batch.currency.code(),
                    value: p.amount.to_string(),
                },
            },
            creditor_agent: Agent {
                institution: Institution {
                    bic: None,
                    name: Some(bank_name_text(&p.creditor_bank)),
                    other: None,
                },
            },
            creditor: Party {
                name: bank_name_text(&p.creditor_name),
            },
            creditor_account: CashAccount {
                id: AccountId::of(&p.creditor_account),
                currency: None,
            },
            remittance: Remittance {
                unstructured: p.remittance.chars().take(140).collect(),
            },
        })
        .collect()
}

/// The batch as a pain.001.001.09 document, UTF-8, with its XML declaration.
pub fn credit_transfer_xml(batch: &PaymentBatch) -> Result<Vec<u8>, BankFileError> {
    batch.check()?;
    let (count, total) = (batch.payments.len().to_string(), batch.total()?.to_string());
    let sepa = batch.is_sepa();
    let debtor = &batch.debtor;
    let document = Document {
        xmlns: PAIN_001_NAMESPACE,
        initiation: Initiation {
            grp_hdr: GroupHeader {
                message_id: batch.message_id.clone(),
                created_at: batch.created_at.clone(),
                count: count.clone(),
                control_sum: total.clone(),
                initiating_party: Party {
                    name: bank_name_text(&batch.initiating_party),
                },
            },
            pmt_inf: PaymentInformation {
                id: &batch.message_id,
                method: "TRF",
                batch_booking: false,
                count,
                control_sum: total,
                // SEPA for euros between IBANs, its charges at the service level's rule;
                // otherwise non-urgent, charges shared.
                payment_type: PaymentType {
                    service_level: Code {
                        code: if sepa { "SEPA" } else { "NURG" },
                    },
                },
                execution: ExecutionDate {
                    date: batch.execution_date.format("%Y-%m-%d").to_string(),
                },
                debtor: Party {
                    name: bank_name_text(&debtor.name),
                },
                debtor_account: CashAccount {
                    id: AccountId::of(&debtor.account),
                    currency: Some(batch.currency.code()),
                },
                debtor_agent: Agent {
                    institution: match &debtor.bic {
                        Some(bic) => Institution {
                            bic: Some(bic.as_str().to_owned()),
                            name: None,
                            other: None,
                        },
                        None => Institution {
                            bic: None,
                            name: debtor.bank_name.as_deref().map(bank_name_text),
                            other: Some(OtherInstitution { id: "NOTPROVIDED" }),
                        },
                    },
                },
                charge_bearer: if sepa { "SLEV" } else { "SHAR" },
                transfers: transfers(batch),
            },
        },
    };
    let mut text = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let mut serializer = quick_xml::se::Serializer::with_root(&mut text, Some("Document"))
        .map_err(|e| BankFileError::Writing(e.to_string()))?;
    serializer.indent(' ', 2);
    document
        .serialize(serializer)
        .map_err(|e| BankFileError::Writing(e.to_string()))?;
    text.push('\n');
    Ok(text.into_bytes())
}
