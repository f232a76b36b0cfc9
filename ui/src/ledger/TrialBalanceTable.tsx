import type { TrialBalanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { TableHead, num } from "../components/TableHead";

/**
 * One book per currency: each currency's accounts with their debits and credits, and that
 * currency's total right below them. Nothing is added across currencies.
 */
export function TrialBalanceTable({ view, currencies }: { view: TrialBalanceView; currencies: string[] }) {
  return (
    <table data-testid="trial-balance">
      <TableHead columns={["Account", "Currency", num("Debits"), num("Credits")]} />
      {currencies.map((ccy) => (
        <tbody key={ccy} data-testid={`book-${ccy}`}>
          {view.accounts
            .filter((line) => line.currency === ccy)
            .map((line) => (
              <tr key={`${line.account}/${line.currency}`}>
                <td>
                  <code>{line.account}</code>
                </td>
                <td>{line.currency}</td>
                <Amount value={line.debits} />
                <Amount value={line.credits} />
              </tr>
            ))}
          <tr className="total">
            <th>Total</th>
            <td>{ccy}</td>
            <Amount value={view.total_debits[ccy] ?? null} />
            <Amount value={view.total_credits[ccy] ?? null} />
          </tr>
        </tbody>
      ))}
    </table>
  );
}
