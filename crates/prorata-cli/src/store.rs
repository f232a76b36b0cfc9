//! `prorata store init | status | start | stop | password`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use prorata_app::backup::{backup_store, restore_store};
use prorata_app::clock::SystemClock;
use prorata_app::secrets::change_passphrase;
use prorata_app::session::Credentials;
use prorata_app::store::{self, ServerAction, StoreStatus};
use prorata_app::{Error, FrontEnd, StoreLocation};

use crate::context::{Context, Passphrase, read_secret, unlock_data_key};
use crate::output::print_json;

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Create the store (a private local PostgreSQL cluster, or the schema on a remote
    /// server), its first program `main` and first admin (password: PRORATA_PASSWORD or a prompt)
    Init {
        /// The first admin's user name
        #[arg(long, value_name = "NAME", default_value = "admin")]
        admin: String,
    },
    /// Say which store this is, whether its server runs, its version and schema level
    Status,
    /// Start the local store's server (commands also start it on demand)
    Start,
    /// Stop the local store's server cleanly
    Stop,
    /// Keep or forget a remote store's password in the OS keyring
    #[command(subcommand)]
    Password(PasswordCommand),
    /// The organisation passphrase, which guards sealed fields (admins)
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Write the whole store to one file, encrypted under the data key (admins); prints its
    /// size and SHA-256
    Backup {
        /// The file to write; it must not exist yet
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into a new local store at --data-dir (or the default data folder),
    /// which must be empty (the passphrase: PRORATA_PASSPHRASE or a prompt)
    Restore {
        /// The backup file
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Change it (current: PRORATA_PASSPHRASE or a prompt; new: PRORATA_NEW_PASSPHRASE or a prompt)
    Change,
}

#[derive(Debug, Subcommand)]
pub enum PasswordCommand {
    /// Store the password (read from PRORATA_DB_PASSWORD or a prompt, never an argument)
    Set,
    /// Remove the stored password
    Forget,
}

pub async fn run(command: StoreCommand, context: &Context) -> Result<(), Error> {
    let location = context.location()?;
    let json = context.json;
    match command {
        StoreCommand::Init { admin } => {
            let prompt = format!("Password for the first admin, {admin}: ");
            let password = read_secret("PRORATA_PASSWORD", &prompt)?;
            let passphrase = read_secret(
                "PRORATA_PASSPHRASE",
                "Organisation passphrase (guards sealed fields): ",
            )?;
            let credentials = Credentials {
                user: admin,
                password,
            };
            let created = store::init_store(
                &location,
                &SystemClock,
                &credentials,
                &passphrase,
                FrontEnd::Cli,
            )
            .await?;
            if let Some(notice) = &created.unlocked.notice {
                eprintln!("note: {notice}");
            }
            print_status(&created.status, json)
        }
        StoreCommand::Passphrase(PassphraseCommand::Change) => {
            let (store, session) = context.sign_in().await?;
            let current = read_secret("PRORATA_PASSPHRASE", "Current organisation passphrase: ")?;
            let new = read_secret("PRORATA_NEW_PASSPHRASE", "New organisation passphrase: ")?;
            change_passphrase(&store, &SystemClock, &session, &current, &new).await?;
            if json {
                return print_json(&serde_json::json!({ "outcome": "changed" }));
            }
            println!("the organisation passphrase was changed; sealed fields are unchanged");
            Ok(())
        }
        StoreCommand::Backup { out } => backup(context, &location, &out).await,
        StoreCommand::Restore { file } => restore(&location, &file, json).await,
        StoreCommand::Status => print_status(&store::store_status(&location).await?, json),
        StoreCommand::Start => print_action(&store::start_store(&location).await?, json),
        StoreCommand::Stop => print_action(&store::stop_store(&location).await?, json),
        StoreCommand::Password(command) => password(command, &location, json),
    }
}

fn print_status(status: &StoreStatus, json: bool) -> Result<(), Error> {
    if json {
        return print_json(status);
    }
    let server = match (status.server, status.server_pid, &status.server_version) {
        ("running", Some(pid), Some(version)) => {
            format!("running (pid {pid}), PostgreSQL {version}")
        }
        ("running", None, Some(version)) => format!("running, PostgreSQL {version}"),
        ("not_initialised", ..) => "none yet: run `prorata store init`".to_owned(),
        (other, ..) => other.to_owned(),
    };
    println!("store:  {} ({})", status.location, status.kind);
    println!("server: {server}");
    if let (Some(version), Some(description)) =
        (status.migration_version, &status.migration_description)
    {
        let level = if status.up_to_date == Some(true) {
            "up to date"
        } else {
            "behind this program"
        };
        println!("schema: migration {version} ({description}), {level}");
    }
    Ok(())
}

fn print_action(action: &ServerAction, json: bool) -> Result<(), Error> {
    if json {
        return print_json(action);
    }
    println!("{}: {}", action.location, action.message);
    Ok(())
}

fn password(command: PasswordCommand, location: &StoreLocation, json: bool) -> Result<(), Error> {
    let StoreLocation::Remote(remote) = location else {
        return Err(Error::invalid(
            "database_url",
            "a password is kept for a remote store only; give --database-url or DATABASE_URL",
        ));
    };
    let (outcome, message) = match command {
        PasswordCommand::Set => {
            let prompt = format!("Password for {}: ", remote.display());
            let password = read_secret("PRORATA_DB_PASSWORD", &prompt)?;
            store::remember_password(remote, &password)?;
            (
                "stored",
                format!("the password for {} is in the OS keyring", remote.display()),
            )
        }
        PasswordCommand::Forget => match store::forget_password(remote)? {
            true => (
                "forgotten",
                format!(
                    "the password for {} was removed from the OS keyring",
                    remote.display()
                ),
            ),
            false => (
                "none",
                format!("no password was kept for {}", remote.display()),
            ),
        },
    };
    if json {
        print_json(&serde_json::json!({ "store": remote.display(), "outcome": outcome }))
    } else {
        println!("{message}");
        Ok(())
    }
}

async fn backup(context: &Context, location: &StoreLocation, out: &Path) -> Result<(), Error> {
    let (store, session) = context.sign_in().await?;
    let key = unlock_data_key(&store, Passphrase { prompt: true }).await?;
    let made = backup_store(&store, &SystemClock, &session, location, key, out).await?;
    if context.json {
        return print_json(&made);
    }
    println!("backup written to {} ({} bytes)", made.file, made.bytes);
    println!("SHA-256 {}", made.sha256);
    Ok(())
}

async fn restore(location: &StoreLocation, file: &Path, json: bool) -> Result<(), Error> {
    let StoreLocation::Local { data_dir } = location else {
        return Err(Error::invalid(
            "data_dir",
            "a backup is restored into a new local store: give --data-dir FOLDER, not a database URL",
        ));
    };
    let passphrase = Passphrase { prompt: true };
    let restored = restore_store(data_dir, file, &passphrase, &SystemClock, FrontEnd::Cli).await?;
    if json {
        return print_json(&restored);
    }
    println!(
        "the backup of {} (SHA-256 {}) is restored into {}",
        restored.made_at, restored.backup_sha256, restored.data_dir
    );
    Ok(())
}
