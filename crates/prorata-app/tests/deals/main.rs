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
mod post;
mod postgres;
mod prepare;
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
    pub(crate) use prorata_app::ledger::{trial_balance, verify_ledger};
    pub(crate) use sqlx::Executor;

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
