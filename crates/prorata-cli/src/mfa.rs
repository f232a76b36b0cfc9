//! `prorata user mfa enrol | confirm | disable | status`: one's authenticator for the codes
//! that money leaving asks for.

use clap::Subcommand;
use prorata_app::clock::SystemClock;
use prorata_app::second_factor::{
    Enrolment, SecondFactor, SecondFactorState, SecondFactorView, confirm_second_factor,
    disable_second_factor, enrol_second_factor, second_factor_status,
};
use prorata_app::{Code, Error, Store};

use prorata_app::session::Session;

use crate::context::{Context, Passphrase, read_secret, unlock_data_key};
use crate::output::print_json;
use crate::user::print_change;

#[derive(Debug, Subcommand)]
pub enum MfaCommand {
    /// Make a new authenticator secret for yourself and show it once (URI and text); it
    /// works once `user mfa confirm` is given a first code of it
    Enrol { name: String },
    /// Finish setting up your authenticator with the code it shows (PRORATA_TOTP or a prompt)
    Confirm,
    /// Remove an authenticator: yours with a code of it, another user's as an admin
    Disable { name: String },
    /// Where you are with your authenticator, and whether this program asks for codes
    Status,
}

/// Runs `act` with the code in `PRORATA_TOTP` when it is set; otherwise without a code, and
/// once more with one typed at a prompt when the act needs it. A code is asked for only when
/// the program requires one for this act (an executed batch's answer, say, needs none). The
/// data key, which the code's secret is sealed under, goes with it.
pub async fn with_second_factor<T>(
    store: &Store,
    mut act: impl AsyncFnMut(SecondFactor<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let data_key = Some(unlock_data_key(store, Passphrase { prompt: true }).await?);
    if let Ok(code) = std::env::var("PRORATA_TOTP") {
        let code = Some(code.as_str());
        return act(SecondFactor { code, data_key }).await;
    }
    match act(SecondFactor {
        code: None,
        data_key,
    })
    .await
    {
        Err(e) if e.code == Code::SecondFactorRequired => {
            eprintln!("{}", e.message);
            let code = read_code()?;
            let code = Some(code.as_str());
            act(SecondFactor { code, data_key }).await
        }
        other => other,
    }
}

fn read_code() -> Result<String, Error> {
    read_secret("PRORATA_TOTP", "Code from your authenticator: ")
}

pub async fn run(
    command: MfaCommand,
    context: &Context,
    store: &Store,
    session: &Session,
) -> Result<(), Error> {
    let clock = &SystemClock;
    match command {
        MfaCommand::Enrol { name } => {
            let data_key = unlock_data_key(store, Passphrase { prompt: true }).await?;
            let enrolment =
                enrol_second_factor(store, clock, session, &name, Some(data_key)).await?;
            print_enrolment(context, &enrolment)
        }
        MfaCommand::Confirm => {
            let code = read_code()?;
            let data_key = unlock_data_key(store, Passphrase { prompt: true }).await?;
            let factor = SecondFactor {
                code: Some(&code),
                data_key: Some(data_key),
            };
            let view = confirm_second_factor(store, clock, session, factor).await?;
            print_view(context, &view)
        }
        MfaCommand::Disable { name } => {
            // One's own authenticator is removed with a code of it; another's by an admin.
            let key = context.idempotency_key();
            let change = with_second_factor(store, async |factor| {
                disable_second_factor(store, clock, session, &name, factor, &key).await
            })
            .await?;
            print_change(context, &change)
        }
        MfaCommand::Status => print_view(context, &second_factor_status(store, session).await?),
    }
}

fn print_enrolment(context: &Context, enrolment: &Enrolment) -> Result<(), Error> {
    if context.json {
        return print_json(enrolment);
    }
    println!(
        "Add this to your authenticator app (scan it as a QR code in the window, or type it):"
    );
    println!("  {}", enrolment.otpauth_uri);
    println!("  secret: {}", enrolment.secret);
    println!(
        "Then finish with: prorata user mfa confirm (the code it shows: PRORATA_TOTP or the prompt)"
    );
    Ok(())
}

fn print_view(context: &Context, view: &SecondFactorView) -> Result<(), Error> {
    if context.json {
        return print_json(view);
    }
    let state = match view.state {
        SecondFactorState::NotSetUp => "no authenticator set up",
        SecondFactorState::AwaitingFirstCode => {
            "waiting for a first code (prorata user mfa confirm)"
        }
        SecondFactorState::SetUp => "authenticator set up",
    };
    let rule = if view.required {
        "this program asks for a fresh code to approve distributions and batches and to execute a batch"
    } else {
        "this program does not ask for codes"
    };
    println!("{}: {state}; {rule}", view.user);
    Ok(())
}
