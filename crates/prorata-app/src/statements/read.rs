//! `prorata statement list [--investor INV]` and `statement verify FILE`: what was issued,
//! and whether a file is exactly a document issued, named by its id.

use prorata_domain::statement;
use prorata_store::Store;
use prorata_store::crypto::to_hex;
use prorata_store::deals::find_investor;
use std::path::Path;

use prorata_store::crypto::DataKey;
use prorata_store::statements::{
    find_document, find_document_by_row, find_documents_by_sha256, list_documents,
};
use sha2::{Digest, Sha256};

use super::issue::{recorded_bytes, write_recorded};
use super::views::DocumentView;
use crate::responses::Items;
use crate::session::Session;
use crate::{Error, files};

/// The most documents one list returns.
pub const MAX_LISTED_DOCUMENTS: i64 = 10_000;

/// The program's issued documents, one investor's or all, newest first.
pub async fn list_statements(
    store: &Store,
    session: &Session,
    investor: Option<&str>,
) -> Result<Items<DocumentView>, Error> {
    session
        .actor
        .require_any(statement::READERS, "read statements")?;
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let investor_id = match investor.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(key) => Some(
            find_investor(&mut conn, program_id, key)
                .await?
                .ok_or_else(|| {
                    Error::invalid(
                        "investor",
                        format!("no investor is called or numbered {key}"),
                    )
                })?
                .id,
        ),
    };
    let rows = list_documents(&mut conn, program_id, investor_id, MAX_LISTED_DOCUMENTS).await?;
    Ok(Items {
        items: rows.into_iter().map(DocumentView::of).collect(),
    })
}

/// The issued document `bytes` are, byte for byte; an error naming the document the file
/// claims to be, with both SHA-256s, when it is not that document's bytes.
pub async fn verify_statement(
    store: &Store,
    session: &Session,
    file: &str,
    bytes: &[u8],
) -> Result<DocumentView, Error> {
    session
        .actor
        .require_any(statement::READERS, "verify statements")?;
    let sha256: [u8; 32] = Sha256::digest(bytes).into();
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    if let Some(found) = find_documents_by_sha256(&mut conn, program_id, &sha256)
        .await?
        .into_iter()
        .next()
    {
        return Ok(DocumentView::of(found));
    }
    let claimed = prorata_statements::document_id_in(bytes);
    let issued = match &claimed {
        Some(id) => find_document(&mut conn, program_id, std::slice::from_ref(id)).await?,
        None => Vec::new(),
    };
    let problem = match (claimed, issued.into_iter().next()) {
        (Some(id), Some(issued)) => format!(
            "{file} is not the document issued as {id}: its SHA-256 is {}, the issued one's is {}",
            to_hex(&sha256),
            to_hex(&issued.sha256)
        ),
        (Some(id), None) => format!("{file} names itself {id}, which this program never issued"),
        (None, _) => format!(
            "{file} is no document this program issued (SHA-256 {})",
            to_hex(&sha256)
        ),
    };
    Err(Error::invalid("file", problem))
}

/// An issued document's bytes, for the window to show: by its record's id.
pub async fn statement_pdf(
    store: &Store,
    session: &Session,
    id: i64,
    data_key: &DataKey,
) -> Result<Vec<u8>, Error> {
    let document = document_of(store, session, id).await?;
    Ok(
        recorded_bytes(store, session, &document.document_id, data_key)
            .await?
            .to_vec(),
    )
}

/// Writes an issued document into `folder` as `{document id}.pdf`; the path written.
pub async fn save_statement(
    store: &Store,
    session: &Session,
    id: i64,
    folder: &Path,
    data_key: &DataKey,
) -> Result<String, Error> {
    let document = document_of(store, session, id).await?;
    files::refuse_unusable("folder", folder)?;
    let name = format!("{}.pdf", document.document_id);
    write_recorded(
        store,
        session,
        &document.document_id,
        folder,
        &name,
        data_key,
    )
    .await?;
    Ok(folder.join(name).display().to_string())
}

async fn document_of(store: &Store, session: &Session, id: i64) -> Result<DocumentView, Error> {
    session
        .actor
        .require_any(statement::READERS, "read statements")?;
    let mut conn = store.acquire().await?;
    let found = find_document_by_row(&mut conn, session.program.id, id).await?;
    found.map(DocumentView::of).ok_or_else(|| {
        Error::invalid(
            "statement",
            format!("no statement or notice is numbered {id}"),
        )
    })
}

/// What the signed-in user may do with statements, as the domain says.
pub fn statement_permits(session: &Session) -> statement::StatementPermits {
    statement::statement_permits(&session.actor)
}
