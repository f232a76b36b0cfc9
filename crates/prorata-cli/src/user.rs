//! `prorata user add | list | disable | grant | revoke`.

use clap::Subcommand;
use prorata_app::Error;
use prorata_app::clock::SystemClock;
use prorata_app::control::Role;
use prorata_app::control::{self, UserChange, UserChangeKind};

use crate::context::{Context, read_secret};
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with roles in this program (their password: PRORATA_NEW_USER_PASSWORD or a prompt)
    Add {
        name: String,
        /// admin, officer, approver or auditor; repeat for several
        #[arg(long = "role", value_name = "ROLE", required = true)]
        roles: Vec<String>,
    },
    /// The users with a role in this program
    List,
    /// Stop a user from signing in
    Disable { name: String },
    /// Grant a role in this program
    Grant { name: String, role: String },
    /// Revoke a role in this program
    Revoke { name: String, role: String },
}

pub async fn run(command: UserCommand, context: &Context) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = context.idempotency_key();
    let (name, kind) = match command {
        UserCommand::Add { name, roles } => {
            let prompt = format!("Password for the new user {name}: ");
            let password = read_secret("PRORATA_NEW_USER_PASSWORD", &prompt)?;
            let created = control::add_user(
                &store,
                &SystemClock,
                &session,
                &name,
                &password,
                &roles,
                &key,
            )
            .await?;
            return print_created(context, &created, &format!("user {name} added"));
        }
        UserCommand::List => {
            return print_users(context, control::list_users(&store, &session).await?);
        }
        UserCommand::Disable { name } => (name, UserChangeKind::Disable),
        UserCommand::Grant { name, role } => (name, UserChangeKind::Grant(Role::parse(&role)?)),
        UserCommand::Revoke { name, role } => (name, UserChangeKind::Revoke(Role::parse(&role)?)),
    };
    let change = control::change_user(&store, &SystemClock, &session, &name, kind, &key).await?;
    print_change(context, &change)
}

fn print_users(context: &Context, users: control::Items<control::UserView>) -> Result<(), Error> {
    if context.json {
        return print_json(&users);
    }
    for user in users.items {
        println!(
            "{:<24} {:<9} {}",
            user.name,
            user.status,
            user.roles.join(", ")
        );
    }
    Ok(())
}

fn print_change(context: &Context, change: &UserChange) -> Result<(), Error> {
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

pub fn print_created(
    context: &Context,
    created: &control::Created,
    message: &str,
) -> Result<(), Error> {
    if context.json {
        print_json(created)
    } else {
        println!("{message} (id {})", created.id);
        Ok(())
    }
}
