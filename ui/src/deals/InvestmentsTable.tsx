import type { InvestmentView } from "../bindings";
import { Amount } from "../components/Amount";
import { TableHead, num } from "../components/TableHead";
import { PartyLink } from "../components/Links";

/** The capital put into the deal: by whom, how much and when. */
export function InvestmentsTable({ investments, currency }: { investments: InvestmentView[]; currency: string }) {
  return (
    <table data-testid="investments">
      <TableHead columns={["Date", "Investor", num("Amount")]} />
      <tbody>
        {investments.map((i) => (
          <tr key={i.id}>
            <td>{i.invested_on}</td>
            <td>
              <PartyLink kind="investor" id={i.investor_id} name={i.investor} />
            </td>
            <Amount value={i.amount} currency={currency} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
