//! What front ends see of issued documents.

use prorata_domain::statement::DocumentKind;
use prorata_store::crypto::to_hex;
use prorata_store::statements::DocumentRecord;
use serde::{Deserialize, Serialize};

/// An issued statement or notice, as listed and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    /// The id printed on every page.
    pub document_id: String,
    pub kind: DocumentKind,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub investor_id: i64,
    pub investor: String,
    pub currency: String,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub distribution_id: Option<i64>,
    /// The SHA-256 of the document's bytes, in hex.
    pub sha256: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub size_bytes: i64,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub pages: i64,
    pub issued_on: String,
    pub issued_by: String,
    /// The status every list item carries: an issued document stays issued.
    pub status: String,
}

impl DocumentView {
    pub(crate) fn of(r: DocumentRecord) -> DocumentView {
        DocumentView {
            id: r.id,
            document_id: r.document_id,
            kind: r.kind,
            investor_id: r.investor_id,
            investor: r.investor_name,
            currency: r.currency,
            period_from: r.period_from.map(|d| d.to_string()),
            period_to: r.period_to.map(|d| d.to_string()),
            distribution_id: r.distribution_id,
            sha256: to_hex(&r.sha256),
            size_bytes: i64::from(r.size_bytes),
            pages: i64::from(r.pages),
            issued_on: r.issued_on.to_string(),
            issued_by: r.issued_by,
            status: "issued".to_owned(),
        }
    }
}
