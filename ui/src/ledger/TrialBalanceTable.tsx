import type { TrialBalanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { TableHead, num } from "../components/TableHead";

/** Each account's debits and credits, then a total line per currency. */
export function TrialBalanceTable({ view, currencies }: { view: TrialBalanceView; currencies: string[] }) {
  return (
    <table data-testid="trial-balance">
      <TableHead columns={["Account", "Currency", num("Debits"), num("Credits")]} />
      <tbody>
        {view.accounts.map((line) => (
          <tr key={`${line.account}/${line.currency}`}>
            <td>
              <code>{line.account}</code>
            </td>
            <td>{line.currency}</td>
            <Amount value={line.debits} />
            <Amount value={line.credits} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        {currencies.map((ccy) => (
          <tr key={ccy}>
            <th>Total</th>
            <td>{ccy}</td>
            <Amount value={view.total_debits[ccy] ?? null} />
            <Amount value={view.total_credits[ccy] ?? null} />
          </tr>
        ))}
      </tfoot>
    </table>
  );
}
