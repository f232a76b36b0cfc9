import type { DistributionView } from "../bindings";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead, num } from "../components/TableHead";
import { PartyLink } from "../components/Links";

/** Each investor's share of the pool, in proportion to their investment, and its payout. */
export function SharesTable({ d }: { d: DistributionView }) {
  return (
    <table data-testid="shares">
      <TableHead columns={["Investor", num("Investment"), num("Share"), num("Amount"), "Payout"]} />
      <tbody>
        {d.shares.map((s) => (
          <tr key={s.investment_id}>
            <td>
              <PartyLink kind="investor" id={s.investor_id} name={s.investor} />
            </td>
            <Amount value={s.investment} />
            <td className="num">{s.share_percent}</td>
            <Amount value={s.amount} currency={d.currency} />
            <td>
              <StatusBadge status={s.payout_status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
