//! Users, roles, programs, sign-in, sessions, idempotency and the audit chain, through
//! prorata-app against a real PostgreSQL. One module per operation.

#[path = "../support/mod.rs"]
mod support;

mod audit;
mod idempotency;
mod programs;
mod sessions;
mod sign_in;
mod users;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use chrono::Duration;
    pub(crate) use prorata_app::audit::{audit_log, verify_audit};
    pub(crate) use prorata_app::control::{
        NewUser, Role, UserChangeKind, add_program, add_user, change_user, list_programs,
        list_users,
    };
    pub(crate) use prorata_app::session::{ProgramChoice, Session, sign_in};
    pub(crate) use prorata_app::{Code, Store};
    pub(crate) use sqlx::Executor;

    pub(crate) async fn admin(store: &Store, clock: &TestClock) -> Session {
        sign_in(
            store,
            clock,
            &credentials("ada", ADMIN_PASSWORD),
            ProgramChoice::Only,
        )
        .await
        .expect("ada signs in")
    }

    pub(crate) async fn add(
        store: &Store,
        clock: &TestClock,
        session: &Session,
        name: &str,
        roles: &[&str],
        key: &str,
    ) -> i64 {
        let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
        add_user(
            store,
            clock,
            session,
            NewUser {
                name,
                password: USER_PASSWORD,
                roles: &roles,
                email: None,
            },
            None,
            key,
        )
        .await
        .expect("the user is added")
        .id
    }

    pub(crate) async fn count(store: &Store, sql: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(store.pool())
            .await
            .expect("a count")
    }
}
