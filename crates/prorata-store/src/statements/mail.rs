//! Statements by e-mail: the program's SMTP settings (no password: that is in the OS
//! keyring) and the sends, each claimed before its message goes out so that a document is
//! never sent twice.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use super::{StatementStoreError, Tx};

/// How the program reaches its SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettingsRecord {
    pub host: String,
    pub port: i32,
    /// `starttls`, `tls` or `none`.
    pub security: String,
    pub username: Option<String>,
    pub from_address: String,
    pub extra_root_pem: Option<String>,
}

pub async fn save_mail_settings(
    tx: &mut Tx<'_>,
    program_id: i64,
    settings: &MailSettingsRecord,
    updated_by: &str,
    at: DateTime<Utc>,
) -> Result<(), StatementStoreError> {
    sqlx::query!(
        "INSERT INTO mail_settings (program_id, host, port, security, username, from_address,
             extra_root_pem, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (program_id) DO UPDATE SET host = EXCLUDED.host, port = EXCLUDED.port,
             security = EXCLUDED.security, username = EXCLUDED.username,
             from_address = EXCLUDED.from_address, extra_root_pem = EXCLUDED.extra_root_pem,
             updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at",
        program_id,
        settings.host,
        settings.port,
        settings.security,
        settings.username,
        settings.from_address,
        settings.extra_root_pem,
        updated_by,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn mail_settings(
    conn: &mut PgConnection,
    program_id: i64,
) -> Result<Option<MailSettingsRecord>, StatementStoreError> {
    Ok(sqlx::query_as!(
        MailSettingsRecord,
        "SELECT host, port, security, username, from_address, extra_root_pem
         FROM mail_settings WHERE program_id = $1",
        program_id
    )
    .fetch_optional(conn)
    .await?)
}

/// An issued statement of a period, with its investor's sealed address and how its sends
/// stand: `sent` or `sending` (claimed, its outcome unknown), or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendableDocument {
    pub statement_id: i64,
    pub document_id: String,
    pub investor_id: i64,
    pub investor_name: String,
    pub email_sealed: Option<Vec<u8>>,
    pub send_status: Option<String>,
}

/// The investor statements issued for exactly this period, in id order.
pub async fn period_documents(
    conn: &mut PgConnection,
    program_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SendableDocument>, StatementStoreError> {
    Ok(sqlx::query_as!(
        SendableDocument,
        r#"SELECT s.id AS statement_id, s.document_id, s.investor_id, i.name AS investor_name,
                  i.email_sealed, m.status AS "send_status?"
           FROM statements s
           JOIN investors i ON i.id = s.investor_id
           LEFT JOIN statement_sends m ON m.statement_id = s.id AND m.status IN ('sending', 'sent')
           WHERE s.program_id = $1 AND s.kind = 'investor_statement'
             AND s.period_from = $2 AND s.period_to = $3
           ORDER BY s.id"#,
        program_id,
        from,
        to
    )
    .fetch_all(conn)
    .await?)
}

/// Claims the send of a document; `None` when another send of it is live or done.
pub async fn claim_send(
    tx: &mut Tx<'_>,
    program_id: i64,
    statement_id: i64,
    to_address_sealed: &[u8],
    started_by: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, StatementStoreError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO statement_sends (program_id, statement_id, to_address_sealed, status,
             started_by, started_at)
         VALUES ($1, $2, $3, 'sending', $4, $5)
         ON CONFLICT (statement_id) WHERE status IN ('sending', 'sent') DO NOTHING
         RETURNING id",
        program_id,
        statement_id,
        to_address_sealed,
        started_by,
        at
    )
    .fetch_optional(&mut **tx)
    .await?)
}

/// Records what the server did with a claimed send: `sent` or `failed`, with its answer.
pub async fn finish_send(
    tx: &mut Tx<'_>,
    send_id: i64,
    sent: bool,
    server_response: &str,
    at: DateTime<Utc>,
) -> Result<(), StatementStoreError> {
    let status = if sent { "sent" } else { "failed" };
    let response: String = server_response.chars().take(2000).collect();
    sqlx::query!(
        "UPDATE statement_sends SET status = $2, server_response = $3, finished_at = $4
         WHERE id = $1 AND status = 'sending'",
        send_id,
        status,
        response,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
