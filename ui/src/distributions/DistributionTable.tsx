import type { DistributionView } from "../bindings";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { DealLink } from "../components/Links";

export interface DistributionTableProps {
  items: DistributionView[];
  /** Whether prepared distributions can be picked for approval as a set. */
  selectable: boolean;
  selected: number[];
  onToggle: (id: number) => void;
  onReview: (id: number) => void;
}

const COLUMNS = [
  { label: <span className="sr-only">Select</span> },
  num("#"),
  "Deal",
  "Date",
  "Status",
  num("Profit"),
  num("Partner"),
  num("Platform"),
  num("Investor pool"),
  BLANK,
];

/** Every distribution with its split, a box to pick the prepared ones, and a way to review each. */
export function DistributionTable({ items, selectable, selected, onToggle, onReview }: DistributionTableProps) {
  return (
    <table data-testid="distributions">
      <TableHead columns={COLUMNS} />
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td>
              {d.permits.approve.allowed && selectable ? (
                <input
                  type="checkbox"
                  aria-label={`Select distribution ${d.id}`}
                  checked={selected.includes(d.id)}
                  onChange={() => onToggle(d.id)}
                />
              ) : null}
            </td>
            <td className="num">{d.id}</td>
            <td>
              <DealLink id={d.deal_id} name={d.deal} />
              {d.kind === "reversal" ? ` (reversal of #${d.reverses_distribution_id})` : ""}
            </td>
            <td>{d.date}</td>
            <td>
              <StatusBadge status={d.status} /> {d.flagged ? <StatusBadge status="flagged" /> : null}
            </td>
            <Amount value={d.profit} />
            <Amount value={d.partner_commission} />
            <Amount value={d.platform_fee} />
            <Amount value={d.investor_pool} currency={d.currency} />
            <td>
              <button type="button" onClick={() => onReview(d.id)} aria-label={`Review distribution ${d.id}`}>
                Review
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
