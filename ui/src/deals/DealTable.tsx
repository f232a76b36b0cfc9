import type { DealView } from "../bindings";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { PartyLink } from "../components/Links";

const COLUMNS = [
  "Deal",
  "Partner",
  num("Capital"),
  "Currency",
  num("Investments"),
  num("Partner / platform"),
  "Status",
  BLANK,
];

/** The program's deals, their capital and rates, each with a way to open its page. */
export function DealTable({ deals, onOpen }: { deals: DealView[]; onOpen: (id: number) => void }) {
  return (
    <table data-testid="deals">
      <TableHead columns={COLUMNS} />
      <tbody>
        {deals.map((deal) => (
          <tr key={deal.id}>
            <td>{deal.name}</td>
            <td>
              <PartyLink kind="partner" id={deal.partner_id} name={deal.partner} />
            </td>
            <Amount value={deal.capital} />
            <td>{deal.currency}</td>
            <td className="num">{deal.investments}</td>
            <td className="num">
              {deal.partner_commission_percent} / {deal.platform_fee_percent}
            </td>
            <td>
              <StatusBadge status={deal.status} />
            </td>
            <td>
              <button type="button" onClick={() => onOpen(deal.id)} aria-label={`Open ${deal.name}`}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
