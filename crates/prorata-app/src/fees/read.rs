//! `prorata fees show [--as-of D]`: the version in effect on a day (today unless given) and
//! every version of the program's fee schedule.

use prorata_store::Store;
use prorata_store::revenue::{FeeScheduleRecord, list_schedules, schedule_as_of};

use super::views::{FeeScheduleView, FeeSchedulesView, PlatformFeeRatesView};
use crate::clock::Clock;
use crate::session::Session;
use crate::{Error, input};

pub async fn show_fee_schedules(
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    as_of: Option<&str>,
) -> Result<FeeSchedulesView, Error> {
    let day = input::optional_date("as_of", as_of)?.unwrap_or_else(|| clock.now().date_naive());
    let mut conn = store.acquire().await?;
    let program_id = session.program.id;
    let in_effect = schedule_as_of(&mut conn, program_id, day).await?;
    let versions = list_schedules(&mut conn, program_id).await?;
    Ok(FeeSchedulesView {
        as_of: day.to_string(),
        in_effect: in_effect.as_ref().map(view),
        versions: versions.iter().map(view).collect(),
    })
}

fn view(r: &FeeScheduleRecord) -> FeeScheduleView {
    let text = |d: rust_decimal::Decimal| d.normalize().to_string();
    FeeScheduleView {
        id: r.id,
        effective_from: r.effective_from.to_string(),
        gst_rate: text(r.gst_rate),
        gateway_fee_rate: text(r.gateway_fee_rate),
        gateway_fixed_fee: text(r.gateway_fixed_fee),
        gateway_fee_gst: r.gateway_fee_gst,
        platform_fee_rates: PlatformFeeRatesView {
            event: text(r.platform_fee_rate_event),
            sponsor: text(r.platform_fee_rate_sponsor),
            premium: text(r.platform_fee_rate_premium),
            custom: text(r.platform_fee_rate_custom),
        },
        platform_fee_gst: r.platform_fee_gst,
        holding_days: r.holding_days,
        anomaly_multiple: text(r.anomaly_multiple),
        set_by: r.set_by.clone(),
    }
}
