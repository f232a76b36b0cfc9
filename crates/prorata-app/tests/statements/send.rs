//! `statement send --period YYYY-MM --all`: each statement e-mailed at most once through a
//! real SMTP server the test starts (STARTTLS required, a password from the OS keyring), the
//! attachment's bytes checked, a failed run resumed without sending anything twice.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use prorata_app::statements::MailSettings;

use crate::prelude::*;

const SMTP_USER: &str = "statements@example.org";
const SMTP_PASSWORD: &str = "an SMTP password";

/// A certificate authority and a certificate for 127.0.0.1 it signed, made with openssl:
/// (the authority's PEM, the certificate's file, its key's file).
fn certificates(dir: &Path) -> (String, PathBuf, PathBuf) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Prorata test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(
        dir.join("san.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .expect("ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    let ca = std::fs::read_to_string(dir.join("ca.pem")).expect("the CA");
    (ca, dir.join("server.pem"), dir.join("server.key"))
}

struct SmtpServer(Child);

impl Drop for SmtpServer {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("its address")
        .port()
}

fn smtp_server(port: u16, cert: &Path, key: &Path, out: &Path) -> SmtpServer {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/statements/smtp_server.py");
    let mut child = Command::new("/usr/bin/python3")
        .arg(script)
        .args([
            port.to_string(),
            cert.to_string_lossy().into_owned(),
            key.to_string_lossy().into_owned(),
            SMTP_USER.to_owned(),
            SMTP_PASSWORD.to_owned(),
            out.to_string_lossy().into_owned(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (python3-aiosmtpd, installed by scripts/setup)");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("its output"))
        .read_line(&mut line)
        .expect("a line");
    assert_eq!(line.trim(), "ready", "the SMTP server started");
    SmtpServer(child)
}

async fn give_email(book: &Book, investor: &str, email: &str) {
    let mut tx = book.store().pool().begin().await.expect("a transaction");
    let id: i64 = sqlx::query_scalar("SELECT id FROM investors WHERE name = $1")
        .bind(investor)
        .fetch_one(&mut *tx)
        .await
        .expect("the investor");
    let sealed = data_key()
        .seal(email, &format!("investors.email:{id}"))
        .expect("sealed");
    prorata_store::deals::set_investor_email(&mut tx, id, &sealed)
        .await
        .expect("an e-mail");
    tx.commit().await.expect("committed");
}

async fn send(book: &Book) -> Result<statements::SendReport, prorata_app::Error> {
    statements::send_period(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11",
        data_key(),
        &mut |_, _| {},
    )
    .await
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
async fn a_month_s_statements_are_mailed_once_each_and_a_failed_run_is_resumed() {
    let book = Book::new().await;
    november(&book).await;
    give_email(&book, "Phones A", "amal@example.com").await;
    give_email(&book, "Phones B", "bola@example.com").await;
    let dir = tempfile::tempdir().expect("a folder");
    let issued = dir.path().join("issued");
    std::fs::create_dir(&issued).expect("a folder");
    statements::issue_period(
        book.store(),
        &book.clock,
        &book.officer,
        "2026-11",
        None,
        &issued,
        &book.key(),
        data_key(),
        &mut |_, _| {},
    )
    .await
    .expect("issued");
    let (ca, cert, key) = certificates(dir.path());
    let port = free_port();
    let settings = MailSettings {
        host: "127.0.0.1",
        port,
        security: None,
        username: Some(SMTP_USER),
        from_address: "statements@example.org",
        extra_root_pem: Some(&ca),
    };
    let set = statements::set_mail_settings(
        book.store(),
        &book.clock,
        &book.admin,
        settings,
        Some(SMTP_PASSWORD),
        &book.key(),
    )
    .await
    .expect("set by the admin");
    assert_eq!(
        set.security, "starttls",
        "STARTTLS is required unless the settings say otherwise"
    );

    // The server is not up yet: both sends fail, are recorded as failed, and nothing is sent.
    let down = send(&book).await.expect("a run");
    assert!(down.sent.is_empty());
    assert_eq!(down.failed.len(), 2, "{down:?}");
    let skipped: Vec<&str> = down.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        skipped,
        ["the investor has no e-mail address"],
        "Phones C has none"
    );

    let received = dir.path().join("received");
    std::fs::create_dir(&received).expect("a folder");
    let server = smtp_server(port, &cert, &key, &received);
    let up = send(&book).await.expect("resumed");
    assert_eq!(up.sent.len(), 2, "the failed sends are tried again: {up:?}");
    let mut files: Vec<String> = std::fs::read_dir(&received)
        .expect("listed")
        .map(|e| {
            e.expect("a file")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 2);
    assert!(
        files[0].starts_with("amal@example.com--STMT-")
            && files[1].starts_with("bola@example.com--STMT-"),
        "{files:?}"
    );
    for file in &files {
        let name = file.split("--").nth(1).expect("the attachment's name");
        assert_eq!(
            std::fs::read(received.join(file)).expect("received"),
            std::fs::read(issued.join(name)).expect("issued"),
            "the attachment is the issued document, byte for byte"
        );
    }

    let again = send(&book).await.expect("a third run");
    assert!(
        again.sent.is_empty() && again.failed.is_empty(),
        "{again:?}"
    );
    assert_eq!(
        again
            .skipped
            .iter()
            .filter(|s| s.reason == "sent before")
            .count(),
        2
    );
    assert_eq!(
        std::fs::read_dir(&received).expect("listed").count(),
        2,
        "nothing sent twice"
    );
    drop(server);

    // Each send is recorded: to whom (sealed), what the server answered.
    let mut conn = book.store().acquire().await.expect("a connection");
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT status, server_response FROM statement_sends ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .expect("the sends");
    let statuses: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(statuses, ["failed", "failed", "sent", "sent"]);
    assert!(
        rows[2].1.as_deref().is_some_and(|r| r.starts_with("250")),
        "{rows:?}"
    );
    let clear: i64 = sqlx::query_scalar("SELECT count(*) FROM statement_sends WHERE position('amal' in encode(to_address_sealed, 'escape')) > 0")
        .fetch_one(&mut *conn)
        .await
        .expect("counted");
    assert_eq!(clear, 0, "addresses are sealed");
}

#[tokio::test]
#[allow(
    clippy::too_many_lines,
    reason = "a scenario read as the users' steps, kept whole"
)]
async fn a_send_without_settings_or_statements_is_refused_and_postgresql_keeps_a_send_once() {
    let book = Book::new().await;
    november(&book).await;
    let none = send(&book).await.expect_err("no server set");
    assert!(
        none.message.contains("no SMTP server is set"),
        "{}",
        none.message
    );
    let settings = MailSettings {
        host: "127.0.0.1",
        port: 2525,
        security: Some("none"),
        username: None,
        from_address: "statements@example.org",
        extra_root_pem: None,
    };
    let officer = statements::set_mail_settings(
        book.store(),
        &book.clock,
        &book.officer,
        settings,
        None,
        &book.key(),
    )
    .await
    .expect_err("admins set it");
    assert_eq!(officer.code, Code::PermissionDenied);
    let bad = MailSettings {
        security: Some("ssl3"),
        ..settings
    };
    let refused = statements::set_mail_settings(
        book.store(),
        &book.clock,
        &book.admin,
        bad,
        None,
        &book.key(),
    )
    .await
    .expect_err("ssl3");
    assert!(
        refused.message.starts_with("security:"),
        "{}",
        refused.message
    );
    statements::set_mail_settings(
        book.store(),
        &book.clock,
        &book.admin,
        settings,
        None,
        &book.key(),
    )
    .await
    .expect("set");
    let nothing = send(&book).await.expect_err("nothing issued");
    assert!(
        nothing
            .message
            .contains("no statement was issued for 2026-11"),
        "{}",
        nothing.message
    );

    let dir = tempfile::tempdir().expect("a folder");
    november_statement(&book, &dir.path().join("a.pdf"), &book.key())
        .await
        .expect("issued");
    let mut tx = book.store().pool().begin().await.expect("a transaction");
    let claim = "INSERT INTO statement_sends (program_id, statement_id, to_address_sealed, status, started_by, started_at)
                 SELECT program_id, id, sha256 || sha256, 'sending', 'olga', now() FROM statements";
    sqlx::query(claim).execute(&mut *tx).await.expect("a claim");
    let twice = sqlx::query(claim)
        .execute(&mut *tx)
        .await
        .expect_err("a second live claim");
    assert!(twice.to_string().contains("statement_sent_once"), "{twice}");
    drop(tx);
    let mut tx = book.store().pool().begin().await.expect("a transaction");
    let approver = sqlx::query(sqlx::AssertSqlSafe(claim.replace("'olga'", "'abe'")))
        .execute(&mut *tx)
        .await
        .expect_err("approvers do not send");
    assert!(
        approver
            .to_string()
            .contains("abe is not a user holding officer"),
        "{approver}"
    );
}
