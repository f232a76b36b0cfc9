//! Issued documents: recorded once each (a second issue of the same document id finds the
//! first), looked up by id or by the SHA-256 of a file, listed per investor.

use chrono::{DateTime, NaiveDate, Utc};
use prorata_domain::statement::DocumentKind;
use sqlx::PgConnection;

use super::{StatementStoreError, Tx};
use crate::states::Stored;

/// A document to record, its bytes sealed by the caller under [`document_context`].
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub program_id: i64,
    pub document_id: String,
    pub kind: DocumentKind,
    pub investor_id: i64,
    pub currency: String,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub closing_balance_minor: Option<i64>,
    pub distribution_id: Option<i64>,
    pub sha256: [u8; 32],
    pub content_digest: [u8; 32],
    pub size_bytes: i32,
    pub pages: i32,
    pub document_sealed: Vec<u8>,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

/// An issued document as recorded (without its bytes), with its investor's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub document_id: String,
    pub kind: DocumentKind,
    pub investor_id: i64,
    pub investor_name: String,
    pub currency: String,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    pub distribution_id: Option<i64>,
    pub sha256: Vec<u8>,
    pub size_bytes: i32,
    pub pages: i32,
    pub issued_on: NaiveDate,
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
}

/// The associated data a document's bytes are sealed with: its program and its id.
pub fn document_context(program_id: i64, document_id: &str) -> String {
    format!("statements:{program_id}:{document_id}:document")
}

/// Records documents in one statement; a document whose id is already recorded is left as
/// it was. Returns the ids of those recorded now, by document id.
pub async fn insert_documents(
    tx: &mut Tx<'_>,
    documents: &[NewDocument],
) -> Result<Vec<(String, i64)>, StatementStoreError> {
    let column = |f: fn(&NewDocument) -> Option<NaiveDate>| -> Vec<Option<NaiveDate>> {
        documents.iter().map(f).collect()
    };
    let rows = sqlx::query!(
        r#"INSERT INTO statements (program_id, document_id, kind, investor_id, currency,
               period_from, period_to, closing_balance_minor, distribution_id, sha256,
               content_digest, size_bytes, pages, document_sealed, issued_on, issued_by, issued_at)
           SELECT * FROM UNNEST($1::int8[], $2::text[], $3::text[], $4::int8[], $5::text[],
               $6::date[], $7::date[], $8::int8[], $9::int8[], $10::bytea[], $11::bytea[],
               $12::int4[], $13::int4[], $14::bytea[], $15::date[], $16::text[], $17::timestamptz[])
           ON CONFLICT (program_id, document_id) DO NOTHING
           RETURNING document_id, id"#,
        &documents.iter().map(|d| d.program_id).collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.document_id.clone())
            .collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.kind.as_str().to_owned())
            .collect::<Vec<_>>(),
        &documents.iter().map(|d| d.investor_id).collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.currency.clone())
            .collect::<Vec<_>>(),
        &column(|d| d.period.map(|p| p.0)) as &[Option<NaiveDate>],
        &column(|d| d.period.map(|p| p.1)) as &[Option<NaiveDate>],
        &documents
            .iter()
            .map(|d| d.closing_balance_minor)
            .collect::<Vec<_>>() as &[Option<i64>],
        &documents
            .iter()
            .map(|d| d.distribution_id)
            .collect::<Vec<_>>() as &[Option<i64>],
        &documents
            .iter()
            .map(|d| d.sha256.to_vec())
            .collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.content_digest.to_vec())
            .collect::<Vec<_>>(),
        &documents.iter().map(|d| d.size_bytes).collect::<Vec<_>>(),
        &documents.iter().map(|d| d.pages).collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.document_sealed.clone())
            .collect::<Vec<_>>(),
        &documents.iter().map(|d| d.issued_on).collect::<Vec<_>>(),
        &documents
            .iter()
            .map(|d| d.issued_by.clone())
            .collect::<Vec<_>>(),
        &documents.iter().map(|d| d.issued_at).collect::<Vec<_>>(),
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|r| (r.document_id, r.id)).collect())
}

/// The documents recorded under these ids, in id order.
pub async fn find_document(
    conn: &mut PgConnection,
    program_id: i64,
    document_ids: &[String],
) -> Result<Vec<DocumentRecord>, StatementStoreError> {
    let rows = sqlx::query_as!(
        DocumentRecord,
        r#"SELECT s.id, s.document_id, s.kind AS "kind: Stored<DocumentKind>", s.investor_id,
                  i.name AS investor_name, s.currency, s.period_from, s.period_to,
                  s.distribution_id, s.sha256, s.size_bytes, s.pages, s.issued_on, s.issued_by,
                  s.issued_at
           FROM statements s JOIN investors i ON i.id = s.investor_id
           WHERE s.program_id = $1 AND s.document_id = ANY($2)
           ORDER BY s.id"#,
        program_id,
        document_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// The document recorded as row `id` of the program.
pub async fn find_document_by_row(
    conn: &mut PgConnection,
    program_id: i64,
    id: i64,
) -> Result<Option<DocumentRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        DocumentRecord,
        r#"SELECT s.id, s.document_id, s.kind AS "kind: Stored<DocumentKind>", s.investor_id,
                  i.name AS investor_name, s.currency, s.period_from, s.period_to,
                  s.distribution_id, s.sha256, s.size_bytes, s.pages, s.issued_on, s.issued_by,
                  s.issued_at
           FROM statements s JOIN investors i ON i.id = s.investor_id
           WHERE s.program_id = $1 AND s.id = $2"#,
        program_id,
        id
    )
    .fetch_optional(conn)
    .await?)
}

/// The documents of the program whose bytes have this SHA-256.
pub async fn find_documents_by_sha256(
    conn: &mut PgConnection,
    program_id: i64,
    sha256: &[u8],
) -> Result<Vec<DocumentRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        DocumentRecord,
        r#"SELECT s.id, s.document_id, s.kind AS "kind: Stored<DocumentKind>", s.investor_id,
                  i.name AS investor_name, s.currency, s.period_from, s.period_to,
                  s.distribution_id, s.sha256, s.size_bytes, s.pages, s.issued_on, s.issued_by,
                  s.issued_at
           FROM statements s JOIN investors i ON i.id = s.investor_id
           WHERE s.program_id = $1 AND s.sha256 = $2
           ORDER BY s.id"#,
        program_id,
        sha256
    )
    .fetch_all(conn)
    .await?)
}

/// The program's documents, one investor's or all, newest first.
pub async fn list_documents(
    conn: &mut PgConnection,
    program_id: i64,
    investor_id: Option<i64>,
    limit: i64,
) -> Result<Vec<DocumentRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        DocumentRecord,
        r#"SELECT s.id, s.document_id, s.kind AS "kind: Stored<DocumentKind>", s.investor_id,
                  i.name AS investor_name, s.currency, s.period_from, s.period_to,
                  s.distribution_id, s.sha256, s.size_bytes, s.pages, s.issued_on, s.issued_by,
                  s.issued_at
           FROM statements s JOIN investors i ON i.id = s.investor_id
           WHERE s.program_id = $1 AND ($2::int8 IS NULL OR s.investor_id = $2)
           ORDER BY s.id DESC
           LIMIT $3"#,
        program_id,
        investor_id,
        limit
    )
    .fetch_all(conn)
    .await?)
}

/// The sealed bytes of these documents, by document id.
pub async fn document_sealed(
    conn: &mut PgConnection,
    program_id: i64,
    document_ids: &[String],
) -> Result<Vec<(String, Vec<u8>)>, StatementStoreError> {
    let rows = sqlx::query!(
        "SELECT document_id, document_sealed FROM statements
         WHERE program_id = $1 AND document_id = ANY($2) ORDER BY id",
        program_id,
        document_ids
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.document_id, r.document_sealed))
        .collect())
}
