import type { DistributionView } from "../bindings";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";

/** How a distribution was reached: from the value and the high-water mark to the investor pool. */
export function CalculationTable({ d }: { d: DistributionView }) {
  return (
    <table className="calculation" data-testid="calculation">
      <tbody>
        <tr>
          <th>Deal, date</th>
          <td>
            {d.deal}, {d.date}
          </td>
        </tr>
        {d.kind === "reversal" ? (
          <tr>
            <th>Reverses</th>
            <td>
              distribution {d.reverses_distribution_id}: “{d.correction_reason}”
            </td>
          </tr>
        ) : null}
        <tr>
          <th>Status</th>
          <td>
            <StatusBadge status={d.status} /> prepared by {d.prepared_by}
            {d.approved_by ? `, approved by ${d.approved_by}` : ""}
            {d.posted_by ? `, posted by ${d.posted_by} (entry ${d.journal_entry_id})` : ""}
          </td>
        </tr>
        <tr>
          <th>Value</th>
          <Amount value={d.value} currency={d.currency} />
        </tr>
        <tr>
          <th>High-water mark</th>
          <Amount value={d.high_water_mark} currency={d.currency} />
        </tr>
        <tr>
          <th>Profit</th>
          <Amount value={d.profit} currency={d.currency} />
        </tr>
        <tr>
          <th>Partner commission ({d.partner_commission_percent})</th>
          <Amount value={d.partner_commission} currency={d.currency} />
        </tr>
        <tr>
          <th>Platform fee ({d.platform_fee_percent})</th>
          <Amount value={d.platform_fee} currency={d.currency} />
        </tr>
        <tr>
          <th>Investor pool</th>
          <Amount value={d.investor_pool} currency={d.currency} />
        </tr>
      </tbody>
    </table>
  );
}
