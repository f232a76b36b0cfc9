//! Prorata's desktop application: a Tauri window over prorata-app. The commands in
//! [`commands`] are its whole surface; the TypeScript the window calls them with is generated
//! from them into `ui/src/bindings.ts`.

pub mod commands;
mod desk;

use std::time::Instant;

use prorata_app::store::choose_location;
use prorata_app::{Error, StoreLocation};
use tauri_specta::{Builder, collect_commands};

pub use desk::Desk;

/// Every command the window may call, for the invoke handler and for the bindings.
#[allow(
    clippy::too_many_lines,
    reason = "the list of every command, one a line, reads best whole"
)]
pub fn specta_builder() -> Builder<tauri::Wry> {
    use commands::{
        audit, commissions, deals, desk, distributions, events, ledger, payouts, reconcile,
        revenue, second_factor, statements, units, users,
    };
    // One shape per type: the window only reads what the commands return, so the
    // serialise/deserialise split of serde phases would only add names.
    Builder::<tauri::Wry>::new()
        .disable_serde_phases()
        .commands(collect_commands![
            desk::desk_status,
            desk::create_store,
            desk::sign_in,
            desk::sign_out,
            desk::current_session,
            desk::unlock_sealed_fields,
            desk::screen_shown,
            ledger::trial_balance,
            ledger::account_statement,
            ledger::list_accounts,
            ledger::account_balance,
            ledger::verify_ledger,
            audit::verify_audit,
            audit::audit_log,
            users::list_users,
            users::add_user,
            users::change_user,
            users::list_programs,
            deals::list_deals,
            deals::show_deal,
            deals::create_deal,
            deals::close_deal,
            deals::list_partners,
            deals::add_partner,
            deals::list_investors,
            deals::add_investor,
            deals::invest,
            deals::record_performance,
            deals::verify_performance,
            deals::list_performance,
            distributions::list_distributions,
            distributions::show_distribution,
            distributions::prepare_distribution,
            distributions::approve_distributions,
            distributions::post_distributions,
            distributions::cancel_distribution,
            distributions::reverse_distribution,
            distributions::run_daily,
            payouts::list_bank_accounts,
            payouts::payee_balances,
            payouts::list_withdrawals,
            payouts::approve_withdrawal,
            payouts::reject_withdrawal,
            payouts::cancel_withdrawal,
            payouts::list_batches,
            payouts::show_batch,
            payouts::create_batch,
            payouts::add_to_batch,
            payouts::submit_batch,
            payouts::approve_batch,
            payouts::reject_batch,
            payouts::cancel_batch,
            payouts::execute_batch,
            payouts::confirm_paid,
            payouts::confirm_failed,
            payouts::choose_folder,
            second_factor::second_factor_status,
            second_factor::enrol_second_factor,
            second_factor::confirm_second_factor,
            statements::list_statements,
            statements::statement_permits,
            statements::issue_statement,
            statements::statement_pdf,
            statements::save_statement,
            statements::issue_period,
            statements::send_statements,
            statements::export_records,
            units::unit_holdings,
            units::move_units,
            events::deal_events,
            events::show_event,
            events::investor_allocations,
            events::create_event,
            events::calculate_event,
            events::approve_event,
            events::complete_event,
            events::cancel_event,
            revenue::revenue_report,
            revenue::list_communities,
            revenue::list_wallets,
            revenue::show_wallet,
            revenue::write_revenue_report,
            commissions::list_schemes,
            commissions::scheme_grid,
            commissions::scheme_chain,
            commissions::list_network_members,
            commissions::list_network_transactions,
            commissions::show_network_transaction,
            commissions::affiliate_tree,
            commissions::show_affiliate,
            commissions::program_status,
            reconcile::bank_reconciliation,
            reconcile::write_bank_reconciliation,
        ])
}

/// The exporter of `ui/src/bindings.ts`.
pub fn bindings_language() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated from prorata-desktop's commands by `cargo test -p prorata-desktop --test bindings`; do not edit.")
}

/// The store the window works on: `PRORATA_DATA_DIR`, else `DATABASE_URL`, else the local
/// store in the default data folder, as for the `prorata` command.
pub fn store_location() -> Result<StoreLocation, Error> {
    let data_dir = std::env::var_os("PRORATA_DATA_DIR").map(std::path::PathBuf::from);
    let database_url = std::env::var("DATABASE_URL").ok();
    choose_location(data_dir.as_deref(), database_url.as_deref())
}

/// Whether a graphical display is at hand. Without one the window cannot open, and the
/// user is pointed to the command line instead of shown a toolkit's panic.
fn display_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

pub fn run() {
    let started_at = Instant::now();
    if !display_available() {
        eprintln!(
            "prorata-desktop: no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.\n\
             Use the command line instead: `prorata --help`, for example `prorata --user admin ledger trial-balance`."
        );
        std::process::exit(2);
    }
    let location = match store_location() {
        Ok(location) => location,
        Err(error) => {
            eprintln!("prorata-desktop: error[{}]: {}", error.code, error.message);
            std::process::exit(2);
        }
    };
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Desk::new(location, started_at))
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("prorata-desktop: the window could not run: {error}");
        std::process::exit(1);
    }
}
