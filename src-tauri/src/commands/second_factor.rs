//! The signed-in user's authenticator: where they are with it, setting one up (the QR code
//! to scan, then a first code), and the code an act that moves money out is given.

use prorata_app::Error;
use prorata_app::crypto::DataKey;
use prorata_app::second_factor::{self, Enrolment, SecondFactor, SecondFactorView};
use tauri::State;

use crate::desk::Desk;

/// The code typed in the window, with the data key its secret is sealed under.
pub fn second_factor<'a>(code: Option<&'a str>, data_key: Option<&'a DataKey>) -> SecondFactor<'a> {
    SecondFactor { code, data_key }
}

#[tauri::command]
#[specta::specta]
pub async fn second_factor_status(desk: State<'_, Desk>) -> Result<SecondFactorView, Error> {
    let (store, session) = desk.signed_in().await?;
    second_factor::second_factor_status(&store, &session).await
}

#[tauri::command]
#[specta::specta]
pub async fn enrol_second_factor(desk: State<'_, Desk>) -> Result<Enrolment, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let name = session.user().to_owned();
    second_factor::enrol_second_factor(&store, &desk.clock, &session, &name, data_key.as_deref())
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_second_factor(
    desk: State<'_, Desk>,
    code: String,
) -> Result<SecondFactorView, Error> {
    let (store, session) = desk.signed_in().await?;
    let data_key = desk.data_key();
    let factor = second_factor(Some(&code), data_key.as_deref());
    second_factor::confirm_second_factor(&store, &desk.clock, &session, factor).await
}
