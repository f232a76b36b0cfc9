import type { DistributionView } from "../bindings";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead, num } from "../components/TableHead";

const COLUMNS = [num("#"), "Date", "Status", num("High-water mark"), num("Profit"), num("Investor pool")];

/** The deal's distributions, with the mark each was measured against and its profit. */
export function DealDistributionsTable({ distributions }: { distributions: DistributionView[] }) {
  return (
    <table data-testid="deal-distributions">
      <TableHead columns={COLUMNS} />
      <tbody>
        {distributions.map((x) => (
          <tr key={x.id}>
            <td className="num">{x.id}</td>
            <td>{x.date}</td>
            <td>
              <StatusBadge status={x.status} />
            </td>
            <Amount value={x.high_water_mark} />
            <Amount value={x.profit} />
            <Amount value={x.investor_pool} currency={x.currency} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
