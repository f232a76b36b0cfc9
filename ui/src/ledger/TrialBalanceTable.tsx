import type { TrialBalanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { RecordLink } from "../components/Links";
import { TableHead, num } from "../components/TableHead";
import type { AccountRef } from "../desk/navigation";
import { capitalised } from "../format";

export interface TrialBalanceTableProps {
  view: TrialBalanceView;
  currencies: string[];
  onOpen: (account: AccountRef) => void;
}

/**
 * One book per currency: each currency's accounts, named, with their debits and credits, and
 * that currency's total right below them. Nothing is added across currencies. An account's
 * code opens its statement; its owner's name opens the deal or the party. A code outside the
 * chart is its own name, and is not written twice.
 */
export function TrialBalanceTable({ view, currencies, onOpen }: TrialBalanceTableProps) {
  return (
    <table data-testid="trial-balance">
      <TableHead columns={["Account", "Name", "Belongs to", "Currency", num("Debits"), num("Credits")]} />
      {currencies.map((ccy) => (
        <tbody key={ccy} data-testid={`book-${ccy}`}>
          {view.accounts
            .filter((line) => line.currency === ccy)
            .map((line) => (
              <tr key={`${line.account}/${line.currency}`}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onOpen({ account: line.account, currency: line.currency })}
                    aria-label={`Statement of ${line.account} in ${line.currency}`}
                    title={`Statement of ${line.name}`}
                  >
                    <code>{line.account}</code>
                  </button>
                </td>
                <td>{line.name === line.account ? null : capitalised(line.name)}</td>
                <td>{line.owner ? <RecordLink record={line.owner} /> : null}</td>
                <td>{line.currency}</td>
                <Amount value={line.debits} />
                <Amount value={line.credits} />
              </tr>
            ))}
          <tr className="total">
            <th>Total</th>
            <td />
            <td />
            <td>{ccy}</td>
            <Amount value={view.total_debits[ccy] ?? null} />
            <Amount value={view.total_credits[ccy] ?? null} />
          </tr>
        </tbody>
      ))}
    </table>
  );
}
