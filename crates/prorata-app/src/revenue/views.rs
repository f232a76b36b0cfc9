//! What front ends see of communities and their revenue. Amounts are decimal strings in the
//! currency's scale; rates are fractions as decimal strings (`"0.18"`).

use prorata_domain::revenue_split::{CommunityRole, RevenueSource};
use serde::{Deserialize, Serialize};

/// A role's share of a community's net pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RoleShareView {
    pub role: CommunityRole,
    pub share: String,
}

/// A member of a community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MemberView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub role: CommunityRole,
    pub weight: String,
    /// The member's wallet account (`member:{id}:wallet`).
    pub wallet: String,
}

/// A community with its shares and members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommunityView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub role_shares: Vec<RoleShareView>,
    pub members: Vec<MemberView>,
    pub totals: CommunityTotalsView,
}

/// What a community's revenue came to, in its currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommunityTotalsView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub transactions: i64,
    pub gross: String,
    /// GST on the gross and on the platform's fee.
    pub gst: String,
    /// The gateway's fees with their GST.
    pub gateway_fees: String,
    pub platform_fees: String,
    pub net: String,
    /// What the members' paid withdrawals took from their wallets.
    pub withdrawn: String,
}

/// A role's part of a transaction's net pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueRoleView {
    pub role: CommunityRole,
    pub share: String,
    pub amount: String,
}

/// A member's credit of a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueCreditView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    pub role: CommunityRole,
    pub amount: String,
    pub available_on: String,
    pub status: String,
}

/// A revenue transaction with every step of its split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevenueView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    /// `settled` once its gateway has paid it into the bank, else `recorded`.
    pub status: String,
    /// `held` while its credits are held for review (far above the community's usual),
    /// `released` once an approver released them, else `none`.
    pub review: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub community_id: i64,
    pub community: String,
    pub source: RevenueSource,
    pub currency: String,
    pub date: String,
    pub gateway: String,
    pub reference: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub fee_schedule_id: i64,
    pub gst_rate: String,
    pub gateway_fee_rate: String,
    pub platform_fee_rate: String,
    pub gross: String,
    pub gst: String,
    pub gateway_fee: String,
    pub gateway_fee_gst: String,
    pub platform_fee: String,
    pub platform_fee_gst: String,
    pub net: String,
    pub roles: Vec<RevenueRoleView>,
    pub credits: Vec<RevenueCreditView>,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub journal_entry_id: i64,
    #[cfg_attr(feature = "specta", specta(type = Option<specta_typescript::Number>))]
    pub settlement_id: Option<i64>,
    pub recorded_by: String,
}

/// What a settlement cleared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettlementView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = Vec<specta_typescript::Number>))]
    pub transactions: Vec<i64>,
    pub gross: String,
    pub fees: String,
    pub amount: String,
    pub currency: String,
}

impl crate::responses::Outcome for SettlementView {
    fn id(&self) -> i64 {
        self.id
    }
}

/// A member's wallet: what is pending and what is available, and whether it is locked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WalletView {
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub member_id: i64,
    pub member: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub community_id: i64,
    pub community: String,
    pub role: CommunityRole,
    /// The member's wallet account (`member:{id}:wallet`).
    pub account: String,
    pub currency: String,
    /// `open` or `locked`.
    pub status: String,
    pub pending: String,
    pub available: String,
    /// Every credit, pending or available.
    pub credited: String,
    /// What its paid withdrawals took.
    pub withdrawn: String,
    /// Every lock and unlock, the oldest first (in `wallet show`).
    pub locks: Vec<WalletLockView>,
    /// The wallet's credits and withdrawals, the newest first, at most 200 (in `wallet show`).
    pub history: Vec<WalletMovementView>,
}

/// One movement of a member's wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WalletMovementView {
    /// `credit` (a share of a revenue transaction) or `withdrawal`.
    pub kind: String,
    /// The revenue's day for a credit, the request's day for a withdrawal.
    pub date: String,
    /// The revenue transaction's id, or the withdrawal's.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub amount: String,
    /// A credit's `pending` or `available`; a withdrawal's state (`paid`, `pending`, ...).
    pub status: String,
    /// When a credit is (or was) due to become available.
    pub available_on: Option<String>,
}

/// One lock or unlock of a wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WalletLockView {
    pub locked: bool,
    pub reason: String,
    pub acted_by: String,
    pub acted_at: String,
}

/// What a release run made available, per currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReleasedView {
    pub currency: String,
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub credits: i64,
    pub amount: String,
}

/// A release run: the day it released up to and what it released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WalletsReleased {
    /// The program's id: a release is of the whole program.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub id: i64,
    pub as_of: String,
    pub released: Vec<ReleasedView>,
}

impl crate::responses::Outcome for WalletsReleased {
    fn id(&self) -> i64 {
        self.id
    }
}
