//! Users and their roles in the session's program, and the programs of the store.

use prorata_app::Error;
use prorata_app::control::{NewUser, ProgramView, Role, UserChange, UserChangeKind, UserView};
use prorata_app::responses::{Created, Items};
use serde::Deserialize;
use tauri::State;

use crate::desk::Desk;

/// A change an admin makes to a user.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UserChangeRequest {
    Disable,
    Grant { role: String },
    Revoke { role: String },
}

impl UserChangeRequest {
    fn kind(&self) -> Result<UserChangeKind, Error> {
        Ok(match self {
            UserChangeRequest::Disable => UserChangeKind::Disable,
            UserChangeRequest::Grant { role } => UserChangeKind::Grant(Role::parse(role)?),
            UserChangeRequest::Revoke { role } => UserChangeKind::Revoke(Role::parse(role)?),
        })
    }
}

#[tauri::command]
#[specta::specta]
pub async fn list_users(desk: State<'_, Desk>) -> Result<Items<UserView>, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    prorata_app::control::list_users(&store, &session, data_key.as_deref()).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_user(
    desk: State<'_, Desk>,
    name: String,
    password: String,
    roles: Vec<String>,
    email: Option<String>,
    idempotency_key: String,
) -> Result<Created, Error> {
    let (store, session) = desk.signed_in().await?;
    let email = email.filter(|email| !email.trim().is_empty());
    let user = NewUser {
        name: &name,
        password: &password,
        roles: &roles,
        email: email.as_deref(),
    };
    let data_key = desk.data_key();
    let clock = &desk.clock;
    prorata_app::control::add_user(
        &store,
        clock,
        &session,
        user,
        data_key.as_deref(),
        &idempotency_key,
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn change_user(
    desk: State<'_, Desk>,
    name: String,
    change: UserChangeRequest,
    idempotency_key: String,
) -> Result<UserChange, Error> {
    let (store, session) = desk.signed_in().await?;
    let kind = change.kind()?;
    prorata_app::control::change_user(&store, &desk.clock, &session, &name, kind, &idempotency_key)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_programs(desk: State<'_, Desk>) -> Result<Items<ProgramView>, Error> {
    let (store, session) = desk.signed_in().await?;
    prorata_app::control::list_programs(&store, &session).await
}
