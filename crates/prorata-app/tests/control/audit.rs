//! The audit chain: it verifies, and names the first record changed or removed.

use crate::prelude::*;
use sqlx::Connection;

#[tokio::test]
async fn the_audit_chain_verifies_and_names_the_first_record_changed_or_removed() {
    let clock = TestClock::new();
    let db = store_with_admin(&clock).await;
    let ada = admin(&db.store, &clock).await;
    for n in 0..4 {
        add(
            &db.store,
            &clock,
            &ada,
            &format!("user{n}"),
            &["auditor"],
            &format!("k{n}"),
        )
        .await;
    }
    let report = verify_audit(&db.store, &ada)
        .await
        .expect("an intact chain");
    assert!(report.intact && report.records >= 6, "{report:?}");

    let refused = db
        .store
        .pool()
        .execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await;
    assert!(
        refused
            .expect_err("append-only")
            .to_string()
            .contains("permission denied for table audit_log"),
        "the application's role may not even try"
    );

    // The owner (a superuser here) can switch triggers off; the chain still tells.
    let mut conn = sqlx::PgConnection::connect_with(&db.options)
        .await
        .expect("the owner connects");
    conn.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        .await
        .expect("as superuser");
    conn.execute("UPDATE audit_log SET reason = 'edited' WHERE id = 3")
        .await
        .expect("tampered");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a changed record");
    assert_eq!(error.code, Code::Conflict);
    assert_eq!(
        error.message,
        "the audit chain is broken at record 3: its content does not match its hash (the record was changed)"
    );
    conn.execute("UPDATE audit_log SET reason = NULL WHERE id = 3")
        .await
        .expect("restored");
    conn.execute("DELETE FROM audit_log WHERE id = 4")
        .await
        .expect("removed");
    let error = verify_audit(&db.store, &ada)
        .await
        .expect_err("a removed record");
    assert!(
        error
            .message
            .starts_with("the audit chain is broken at record 5: its previous hash"),
        "{}",
        error.message
    );
}
