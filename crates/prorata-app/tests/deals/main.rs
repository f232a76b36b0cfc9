//! Deal profit sharing through prorata-app against a real PostgreSQL: performance records,
//! verification, distributions by the high-water mark, approval, posting to the ledger, the
//! circuit breaker, the daily run, and the controls around them. One module per operation.

#[path = "../support/mod.rs"]
mod support;

mod approve;
mod cancel;
mod daily;
mod deal;
mod idempotency;
mod ledger;
mod post;
mod postgres;
mod prepare;
mod races;
mod reconcile;
mod record;
mod reverse;
mod scenario;

/// What every module of these tests uses.
mod prelude {
    pub(crate) use crate::support::*;
    pub(crate) use prorata_app::Code;
    pub(crate) use prorata_app::deals::{
        self, NewDeal, NewInvestment, NewPerformance, approve_distributions, cancel_distribution,
        post_distributions, prepare_distribution, record_performance, run_daily,
        verify_performance,
    };
    pub(crate) use prorata_app::input::Notation;
    pub(crate) use prorata_app::ledger::{trial_balance, verify_ledger};
    pub(crate) use prorata_app::second_factor::SecondFactor;
    pub(crate) use sqlx::Executor;

    /// What the old race wrote: the seed deal's distribution of 2026-11-24 (value 12,500)
    /// prepared on the capital's mark of 10,000, as if the 23rd's had not been.
    pub(crate) fn stale_distribution_sql(deal_id: i64) -> String {
        format!(
            "INSERT INTO distributions
                 (program_id, deal_id, value_date, performance_record_id, status, currency, value_minor,
                  high_water_mark_minor, new_high_water_mark_minor, profit_minor, partner_commission_minor,
                  platform_fee_minor, investor_pool_minor, partner_commission_rate, platform_fee_rate,
                  flagged, prepared_by, prepared_by_id, prepared_at)
             SELECT program_id, deal_id, '2026-11-24', id, 'prepared', 'USD', value_minor,
                    1000000, 1250000, 250000, 50000, 5000, 195000, 0.2, 0.02, false, 'olga',
                    (SELECT id FROM users WHERE name = 'olga'), now()
             FROM performance_records WHERE deal_id = {deal_id} AND value_date = '2026-11-24'"
        )
    }

    pub(crate) async fn posted_partner_payable(book: &Book) -> String {
        let tb = trial_balance(book.store(), &book.officer, None)
            .await
            .expect("a trial balance");
        let line = tb
            .accounts
            .iter()
            .find(|a| a.account.starts_with("partner:"))
            .expect("a partner account");
        line.credits.clone()
    }
}
