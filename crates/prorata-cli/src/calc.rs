//! `prorata calc allocate | profit-share | revenue-split | commission`.

use clap::Subcommand;
use prorata_app::calc::{
    AllocateRequest, CommissionRequest, ProfitShareRequest, RevenueSplitRequest, allocate_total,
    calculate_commission, share_deal_profit, split_community_revenue,
};
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
    /// Split a community's gross revenue after GST, the gateway's fee and the platform's fee:
    /// {"currency","gross","gst_rate","gateway_fee_rate","gateway_fixed_fee",
    /// "gateway_fee_gst":bool,"platform_fee_rate","platform_fee_gst":bool,
    /// "roles":[{"id","share"}]} on stdin.
    RevenueSplit,
    /// A network transaction's commissions: {"currency","amount","service","schemes":[{"id",
    /// "parent","rates":{ROLE: rate|null}}],"scheme","upline":[{"member","role"}]} on stdin,
    /// the upline from the transacting member up to an admin.
    Commission,
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
        CalcCommand::RevenueSplit => {
            let request: RevenueSplitRequest = json::from_str(&input)?;
            print_json(&split_community_revenue(&request)?)
        }
        CalcCommand::Commission => {
            let request: CommissionRequest = json::from_str(&input)?;
            print_json(&calculate_commission(&request)?)
        }
    }
}
