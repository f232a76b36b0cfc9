//! `prorata calc allocate | profit-share`.

use clap::Subcommand;
use prorata_app::calc::{AllocateRequest, ProfitShareRequest, allocate_total, share_deal_profit};
use prorata_app::{Error, json};

use crate::output::{print_json, read_stdin};

#[derive(Debug, Subcommand)]
pub enum CalcCommand {
    /// Split a total by weights: {"currency","total","weights":[{"id","weight"}]} on stdin.
    Allocate,
    /// Share a deal's profit above its high-water mark: {"currency",
    /// "partner_commission_rate","platform_fee_rate","high_water_mark","current_value",
    /// "investments":[{"id","amount"}]} on stdin.
    ProfitShare,
}

pub fn run(command: CalcCommand) -> Result<(), Error> {
    let input = read_stdin()?;
    match command {
        CalcCommand::Allocate => {
            let request: AllocateRequest = json::from_str(&input)?;
            print_json(&allocate_total(&request)?)
        }
        CalcCommand::ProfitShare => {
            let request: ProfitShareRequest = json::from_str(&input)?;
            print_json(&share_deal_profit(&request)?)
        }
    }
}
