//! `calc`: the allocation, profit-share, revenue-split and commission calculators, with no store. Officers use them to
//! check a figure by hand; scripts and tests use them to compare against known results.

mod json;

use prorata_domain::allocation::parse_weight;
use prorata_domain::commission::{self, NetworkRole, Scheme, UplineMember};
use prorata_domain::profit_share::Investment;
use prorata_domain::revenue_split::{RevenueSplitError, RoleShare, SplitTerms, split_revenue};
use prorata_domain::{
    AllocationError, Currency, Money, ProfitShareError, ProfitShareTerms, Rate, Weight, allocate,
    share_profit,
};

pub use json::{
    AllocateRequest, AllocateResponse, AllocationLine, CommissionLine, CommissionRequest,
    CommissionResponse, InvestmentLine, ProfitShareRequest, ProfitShareResponse,
    RevenueSplitRequest, RevenueSplitResponse, RoleLine, SchemeLine, UplineLine, WeightLine,
};

use crate::{Code, Error};

/// Splits `total` over the weights, exactly, by the largest-remainder rule.
pub fn allocate_total(request: &AllocateRequest) -> Result<AllocateResponse, Error> {
    let currency = parse_currency(&request.currency)?;
    let total = Money::parse(&request.total, currency).map_err(|e| Error::invalid("total", e))?;
    let weights = request
        .weights
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let id = checked_id("weights", index, &line.id)?;
            let weight = parse_weight(&line.weight)
                .map_err(|e| Error::invalid(format!("weights[{index}].weight"), e))?;
            Ok(Weight { id, weight })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let ids: Vec<&str> = weights.iter().map(|weight| weight.id).collect();
    let parts =
        allocate(total, &weights).map_err(|e| allocation_error("weights", "weight", &ids, e))?;
    Ok(AllocateResponse {
        allocations: lines(&ids, &parts),
    })
}

/// Shares a deal's profit above its high-water mark by the waterfall of DESIGN §5.
pub fn share_deal_profit(request: &ProfitShareRequest) -> Result<ProfitShareResponse, Error> {
    let currency = parse_currency(&request.currency)?;
    let rate = |field: &str, text: &str| Rate::parse(text).map_err(|e| Error::invalid(field, e));
    let partner_rate = rate("partner_commission_rate", &request.partner_commission_rate)?;
    let platform_rate = rate("platform_fee_rate", &request.platform_fee_rate)?;
    let terms = ProfitShareTerms::new(partner_rate, platform_rate)
        .map_err(|e| Error::invalid("partner_commission_rate + platform_fee_rate", e))?;
    let money = |field: &str, text: &str| {
        Money::parse(text, currency).map_err(|e| Error::invalid(field, e))
    };
    let high_water_mark = money("high_water_mark", &request.high_water_mark)?;
    let current_value = money("current_value", &request.current_value)?;
    let investments = request
        .investments
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let id = checked_id("investments", index, &line.id)?;
            let amount = money(&format!("investments[{index}].amount"), &line.amount)?;
            Ok(Investment { id, amount })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let ids: Vec<&str> = investments.iter().map(|investment| investment.id).collect();
    let share = share_profit(&terms, high_water_mark, current_value, &investments)
        .map_err(|e| profit_share_error(&ids, e))?;
    Ok(ProfitShareResponse {
        profit: share.profit.to_string(),
        partner_commission: share.partner_commission.to_string(),
        platform_fee: share.platform_fee.to_string(),
        investor_pool: share.investor_pool.to_string(),
        new_high_water_mark: share.new_high_water_mark.to_string(),
        shares: lines(&ids, &share.shares),
    })
}

/// Splits a community's gross revenue: GST, the gateway's fee and its GST, the platform's fee
/// and its GST, each rounded at its step, and the net pool over the roles (DESIGN §8).
pub fn split_community_revenue(
    request: &RevenueSplitRequest,
) -> Result<RevenueSplitResponse, Error> {
    let currency = parse_currency(&request.currency)?;
    let rate = |field: &str, text: &str| Rate::parse(text).map_err(|e| Error::invalid(field, e));
    let money = |field: &str, text: &str| {
        Money::parse(text, currency).map_err(|e| Error::invalid(field, e))
    };
    let terms = SplitTerms {
        gst_rate: rate("gst_rate", &request.gst_rate)?,
        gateway_fee_rate: rate("gateway_fee_rate", &request.gateway_fee_rate)?,
        gateway_fixed_fee: money("gateway_fixed_fee", &request.gateway_fixed_fee)?,
        gateway_fee_gst: request.gateway_fee_gst,
        platform_fee_rate: rate("platform_fee_rate", &request.platform_fee_rate)?,
        platform_fee_gst: request.platform_fee_gst,
    };
    let gross = money("gross", &request.gross)?;
    let roles = request
        .roles
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let id = checked_id("roles", index, &line.id)?;
            let share = rate(&format!("roles[{index}].share"), &line.share)?;
            Ok(RoleShare { id, share })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let split = split_revenue(gross, &terms, &roles).map_err(revenue_split_error)?;
    let ids: Vec<&str> = roles.iter().map(|r| r.id).collect();
    Ok(RevenueSplitResponse {
        gross: split.gross.to_string(),
        gst: split.gst.to_string(),
        gateway_fee: split.gateway_fee.to_string(),
        gateway_fee_gst: split.gateway_fee_gst.to_string(),
        platform_fee: split.platform_fee.to_string(),
        platform_fee_gst: split.platform_fee_gst.to_string(),
        net: split.net.to_string(),
        roles: lines(&ids, &split.roles),
    })
}

/// A transaction's commissions in a distribution network (DESIGN §8): the transacting
/// member's scheme resolved up to the root, each scheme of the chain checked, each upline
/// member's margin, and the total allocated over the margins exactly.
pub fn calculate_commission(request: &CommissionRequest) -> Result<CommissionResponse, Error> {
    let currency = parse_currency(&request.currency)?;
    let amount =
        Money::parse(&request.amount, currency).map_err(|e| Error::invalid("amount", e))?;
    let schemes = request
        .schemes
        .iter()
        .enumerate()
        .map(|(index, line)| scheme_of(index, line))
        .collect::<Result<Vec<_>, Error>>()?;
    let chain = commission::chain(&schemes, &request.scheme.as_str())
        .map_err(|e| Error::invalid("schemes", e))?;
    for at in 0..chain.len() {
        commission::check_scheme(&chain[at..], &request.service)
            .map_err(|e| Error::invalid("schemes", e))?;
    }
    let resolved = commission::resolve(&chain);
    let upline = request
        .upline
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let role = NetworkRole::parse(&line.role)
                .map_err(|e| Error::invalid(format!("upline[{index}].role"), e))?;
            Ok(UplineMember {
                member: checked_id("upline", index, &line.member)?,
                role,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let done = commission::commission(amount, &resolved, &upline)
        .map_err(|e| Error::invalid("upline", e))?;
    Ok(CommissionResponse {
        resolved: resolved
            .iter()
            .map(|(role, rate)| (role.as_str().to_owned(), rate.to_string()))
            .collect(),
        total: done.total.to_string(),
        commissions: done
            .members
            .iter()
            .map(|m| CommissionLine {
                member: m.member.to_owned(),
                role: m.role.as_str().to_owned(),
                margin: m.margin.normalize().to_string(),
                amount: m.amount.to_string(),
            })
            .collect(),
    })
}

fn scheme_of(index: usize, line: &SchemeLine) -> Result<Scheme<&str>, Error> {
    let field = |what: &str| format!("schemes[{index}].{what}");
    let rates = line
        .rates
        .iter()
        .map(|(role, rate)| {
            let role = NetworkRole::parse(role).map_err(|e| Error::invalid(field("rates"), e))?;
            let rate = rate
                .as_deref()
                .map(|r| Rate::parse(r).map_err(|e| Error::invalid(field(role.as_str()), e)))
                .transpose()?;
            Ok((role, rate))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Scheme {
        id: checked_id("schemes", index, &line.id)?,
        parent: line.parent.as_deref(),
        rates,
    })
}

fn revenue_split_error(error: RevenueSplitError) -> Error {
    let field = match &error {
        RevenueSplitError::NotPositive | RevenueSplitError::FeesBeyondGross => "gross",
        RevenueSplitError::Currency => "gateway_fixed_fee",
        _ => "roles",
    };
    Error::invalid(field, error)
}

fn parse_currency(code: &str) -> Result<Currency, Error> {
    Currency::from_code(code).map_err(|e| Error::invalid("currency", e))
}

fn checked_id<'a>(list: &str, index: usize, id: &'a str) -> Result<&'a str, Error> {
    if id.trim().is_empty() {
        return Err(Error::invalid(
            format!("{list}[{index}].id"),
            "must not be empty",
        ));
    }
    Ok(id)
}

fn lines(ids: &[&str], parts: &[Money]) -> Vec<AllocationLine> {
    ids.iter()
        .zip(parts)
        .map(|(id, amount)| AllocationLine {
            id: (*id).to_owned(),
            amount: amount.to_string(),
        })
        .collect()
}

/// Names the list, line and field that an allocation refused, in the request's own terms.
fn allocation_error(list: &str, field: &str, ids: &[&str], error: AllocationError) -> Error {
    match error {
        AllocationError::NoParties => Error::invalid(list, "the list is empty; give at least one"),
        AllocationError::TooManyParties { count, max } => Error::invalid(
            list,
            format!("{count} lines is more than the {max} allowed"),
        ),
        AllocationError::NegativeTotal => Error::invalid("total", "must be zero or more"),
        AllocationError::NegativeWeight { index } => {
            Error::invalid(format!("{list}[{index}].{field}"), "must be zero or more")
        }
        AllocationError::WeightOutOfRange { index } => Error::invalid(
            format!("{list}[{index}].{field}"),
            "is too large or too precise",
        ),
        AllocationError::ZeroWeightSum => Error::invalid(
            list,
            format!("every {field} is zero, so there is no proportion to split by"),
        ),
        AllocationError::WeightSumOutOfRange => Error::invalid(
            list,
            format!("the {field}s add up to more than can be split"),
        ),
        AllocationError::DuplicateId { index, first_index } => Error::invalid(
            format!("{list}[{index}].id"),
            format!(
                "\"{}\" already appears at {list}[{first_index}]",
                ids[index]
            ),
        ),
    }
}

fn profit_share_error(ids: &[&str], error: ProfitShareError) -> Error {
    match error {
        ProfitShareError::Allocation(error) => {
            allocation_error("investments", "amount", ids, error)
        }
        ProfitShareError::RatesExceedWhole { .. } => {
            Error::invalid("partner_commission_rate + platform_fee_rate", error)
        }
        ProfitShareError::ValueCurrencyMismatch { .. } => Error::invalid("current_value", error),
        ProfitShareError::InvestmentCurrencyMismatch { index, .. } => {
            Error::invalid(format!("investments[{index}].amount"), error)
        }
        // Amounts read within bounds cannot overflow a subtraction; if one ever does, it is
        // a fault of ours and not of the input.
        ProfitShareError::Money(error) => Error::new(Code::Internal, error.to_string()),
    }
}

#[cfg(test)]
mod tests;
