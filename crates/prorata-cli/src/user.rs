//! `prorata user add | list | disable | grant | revoke`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::control::Role;
use prorata_app::control::{self, NewUser, UserChange, UserChangeKind};
use prorata_app::responses::{Items, Outcome};
use prorata_app::second_factor::SecondFactorState;

use crate::context::{Context, Passphrase, read_secret, unlock_data_key};
use crate::mfa::MfaCommand;
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with roles in this program (their password: PRORATA_NEW_USER_PASSWORD or a prompt)
    Add {
        name: String,
        /// admin, officer, approver or auditor; repeat for several
        #[arg(long = "role", value_name = "ROLE", required = true, num_args = 1.., action = clap::ArgAction::Append)]
        roles: Vec<String>,
        /// A contact email, sealed in the store (needs the organisation passphrase or the
        /// workstation's keyring)
        #[arg(long)]
        email: Option<String>,
    },
    /// The users with a role in this program
    List,
    /// Show a user's sealed email in clear (recorded in the audit log with the reason)
    Reveal {
        name: String,
        #[arg(long)]
        reason: String,
    },
    /// Stop a user from signing in
    Disable { name: String },
    /// Grant a role in this program
    Grant { name: String, role: String },
    /// Revoke a role in this program
    Revoke { name: String, role: String },
    /// Your authenticator, for the codes that money leaving asks for
    #[command(subcommand)]
    Mfa(MfaCommand),
}

pub async fn run(command: UserCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let (name, kind) = match command {
        UserCommand::Add { name, roles, email } => {
            let prompt = format!("Password for the new user {name}: ");
            let password = read_secret("PRORATA_NEW_USER_PASSWORD", &prompt)?;
            let data_key = match email {
                Some(_) => Some(unlock_data_key(&store, Passphrase { prompt: true }).await?),
                None => None,
            };
            let new = NewUser {
                name: &name,
                password: &password,
                roles: &roles,
                email: email.as_deref(),
            };
            let created =
                control::add_user(&store, &SystemClock, &session, new, data_key, &key).await?;
            return print_created(context, &created, &format!("user {name} added"));
        }
        UserCommand::List => {
            // Emails are shown masked when the data key is at hand without asking (keyring or
            // PRORATA_PASSPHRASE), and as `sealed` otherwise.
            let data_key = unlock_data_key(&store, Passphrase { prompt: false })
                .await
                .ok();
            let users = control::list_users(&store, &session, data_key).await?;
            return print_users(context, users);
        }
        UserCommand::Reveal { name, reason } => {
            let data_key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
            let revealed = control::reveal_user_email(
                &store,
                &SystemClock,
                &session,
                &name,
                &reason,
                data_key,
            )
            .await?;
            if context.json {
                return print_json(&revealed);
            }
            println!(
                "{}: {}",
                revealed.user,
                revealed.email.as_deref().unwrap_or("(no email)")
            );
            return Ok(());
        }
        UserCommand::Disable { name } => (name, UserChangeKind::Disable),
        UserCommand::Grant { name, role } => (name, UserChangeKind::Grant(Role::parse(&role)?)),
        UserCommand::Revoke { name, role } => (name, UserChangeKind::Revoke(Role::parse(&role)?)),
        UserCommand::Mfa(command) => {
            return crate::mfa::run(command, context, &store, &session).await;
        }
    };
    let change = control::change_user(&store, &SystemClock, &session, &name, kind, &key).await?;
    print_change(context, &change)
}

fn print_users(context: &Context, users: Items<control::UserView>) -> Result<(), Error> {
    if context.json {
        return print_json(&users);
    }
    for user in users.items {
        let authenticator = match user.second_factor {
            SecondFactorState::SetUp => "authenticator",
            SecondFactorState::AwaitingFirstCode => "authenticator awaiting its first code",
            SecondFactorState::NotSetUp => "no authenticator",
        };
        println!(
            "{:<24} {:<9} {:<32} {authenticator}",
            user.name,
            user.status,
            user.roles.join(", ")
        );
    }
    Ok(())
}

pub fn print_change(context: &Context, change: &UserChange) -> Result<(), Error> {
    if context.json {
        return print_json(change);
    }
    let outcome = if change.changed {
        "done"
    } else {
        "nothing to do: it was already so"
    };
    println!("{} {}: {outcome}", change.change, change.user);
    Ok(())
}

pub fn print_created<T: Outcome + serde::Serialize>(
    context: &Context,
    outcome: &T,
    message: &str,
) -> Result<(), Error> {
    if context.json {
        print_json(outcome)
    } else {
        println!("{message} (id {})", outcome.id());
        Ok(())
    }
}
