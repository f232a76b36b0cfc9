//! Reconciliation in PostgreSQL: the subledgers (distributions and their shares) against the
//! ledger accounts they book to, each difference named with its deal, distribution or
//! account (`ledger.rs`, reads only; `prorata reconcile ledger` runs them by hand or
//! nightly); and the banks' statements with their lines (`statements.rs`).

mod csv_mappings;
mod ledger;
mod matches;
mod resolutions;
mod statements;

pub use csv_mappings::{CsvMappingRecord, insert_csv_mapping, latest_csv_mapping};
pub use ledger::{
    AccountDifference, AllocationDifference, DealMarkDifference, PoolDifference,
    StatementDifference, account_differences, allocation_differences, deal_mark_differences,
    pool_differences, statement_differences,
};
pub use matches::{
    MatchRecord, MatchWriting, OpenLine, RuleTotalRecord, Unmatched, count_matched_lines,
    insert_matches, latest_statement, lock_account_matching, match_totals, open_to_match,
    recent_matches, unmatched_counts,
};
pub use resolutions::{
    LineStanding, NewResolution, OpenItemRecord, OpenRemittanceRecord, ResolutionRecord,
    find_remittance_standing, insert_resolution, insert_review_threshold, line_standing,
    list_resolutions, lock_resolution, mark_reviewed, open_items, open_line_standings,
    remittance_standing, review_threshold,
};
pub use statements::{
    BankLineRecord, NewBankStatement, bank_lines, insert_bank_lines, insert_bank_statement,
    statement_of_file,
};

use crate::Store;
use crate::deals::{DealStoreError, Tx};

/// A read-only transaction that sees one moment of the store (REPEATABLE READ): every check
/// of a reconciliation reads the same book, even while others write.
pub async fn begin_snapshot(store: &Store) -> Result<Tx<'static>, DealStoreError> {
    let mut tx = store.pool().begin().await?;
    sqlx::query!("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// How many ledger accounts the program has.
pub async fn account_count(
    conn: &mut sqlx::PgConnection,
    program_id: i64,
) -> Result<i64, DealStoreError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM ledger_accounts WHERE program_id = $1"#,
        program_id
    )
    .fetch_one(conn)
    .await?)
}
