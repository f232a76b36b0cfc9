//! Start-up, the first store, signing in and out.

use prorata_app::secrets::unlock;
use prorata_app::session::{Credentials, ProgramChoice, SessionView, sign_in as app_sign_in};
use prorata_app::store::{StoreStatus, init_store, store_status};
use prorata_app::{Error, FrontEnd};
use serde::Serialize;
use tauri::State;

use crate::desk::{Desk, Typed};

/// Which store the window works on, and whether it must be created first.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DeskStatus {
    pub store: StoreStatus,
    /// True when the local store does not exist yet: the window asks for the first admin
    /// and the organisation passphrase.
    pub needs_setup: bool,
    /// Said once, after the store is created: e.g. that no OS keyring keeps the data key.
    pub notice: Option<String>,
}

/// What signing in gives the window: the session, and a notice for the user if opening the
/// store had to recover its server.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct SignedIn {
    pub session: SessionView,
    pub notice: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn desk_status(desk: State<'_, Desk>) -> Result<DeskStatus, Error> {
    let store = store_status(&desk.location).await?;
    let needs_setup = store.server == "not_initialised";
    Ok(DeskStatus {
        store,
        needs_setup,
        notice: None,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn create_store(
    desk: State<'_, Desk>,
    admin: String,
    password: String,
    passphrase: String,
) -> Result<DeskStatus, Error> {
    let credentials = Credentials {
        user: admin,
        password,
    };
    let created = init_store(
        &desk.location,
        &desk.clock,
        &credentials,
        &passphrase,
        FrontEnd::Desktop,
    )
    .await?;
    desk.keep_data_key(created.unlocked.key);
    Ok(DeskStatus {
        store: created.status,
        needs_setup: false,
        notice: created.unlocked.notice,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    desk: State<'_, Desk>,
    user: String,
    password: String,
    program: Option<String>,
    passphrase: Option<String>,
) -> Result<SignedIn, Error> {
    let (store, mut notice) = desk.store().await?;
    // Given when the window was told this workstation is locked: unlocking keeps the key in
    // the keyring, so it is asked once.
    if let Some(passphrase) = passphrase {
        let unlocked = unlock(&store, &Typed(passphrase)).await?;
        notice = notice.or(unlocked.notice);
        desk.keep_data_key(unlocked.key);
    }
    let credentials = Credentials { user, password };
    let choice = ProgramChoice::from_option(program.as_deref());
    let session = app_sign_in(&store, &desk.clock, &credentials, choice).await?;
    let view = session.view();
    desk.begin_session(&store, session).await;
    Ok(SignedIn {
        session: view,
        notice,
    })
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(desk: State<'_, Desk>) -> Result<(), Error> {
    desk.end_session();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn current_session(desk: State<'_, Desk>) -> Result<Option<SessionView>, Error> {
    Ok(desk.session().map(|session| session.view()))
}

/// Opens sealed fields for this session with the organisation passphrase (and caches the
/// data key in the OS keyring when there is one).
#[tauri::command]
#[specta::specta]
pub async fn unlock_sealed_fields(
    desk: State<'_, Desk>,
    passphrase: String,
) -> Result<Option<String>, Error> {
    let (store, _) = desk.signed_in().await?;
    let unlocked = unlock(&store, &Typed(passphrase)).await?;
    desk.keep_data_key(unlocked.key);
    Ok(unlocked.notice)
}

/// The window calls this once a screen is painted. With `PRORATA_EXIT_WHEN_SHOWN` set to
/// that screen's name, the process prints how long it took since it started and exits: this
/// is how the start-up benchmark measures the time to the sign-in screen.
#[tauri::command]
#[specta::specta]
pub async fn screen_shown(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    screen: String,
) -> Result<(), Error> {
    if std::env::var("PRORATA_EXIT_WHEN_SHOWN").ok().as_deref() == Some(screen.as_str()) {
        let elapsed_ms = desk.started_at.elapsed().as_millis();
        println!("shown: {screen} after {elapsed_ms} ms");
        app.exit(0);
    }
    Ok(())
}
