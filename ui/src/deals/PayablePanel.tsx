import { useEffect } from "react";
import type { AccountBalanceView, Items } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { BLANK, TableHead, num } from "../components/TableHead";
import { useNavigation, type PartyRef } from "../desk/navigation";
import { useCommand } from "../useCommand";
import { payeeBalances } from "./queries";

/** What the program owes one investor or partner: posted, held by pending withdrawals, and available, per currency. */
export function PayablePanel({ party, name }: { party: PartyRef; name: string }) {
  const balances = useCommand<Items<AccountBalanceView>>();
  const { run } = balances;
  const { goTo, offers } = useNavigation();
  useEffect(() => void run(() => payeeBalances(party.kind, party.id)), [run, party.kind, party.id]);
  const rows = balances.data?.items ?? [];
  return (
    <section aria-labelledby="payable-title" className="review" data-testid="payable">
      <h2 id="payable-title">Owed to {name}</h2>
      <ErrorBanner error={balances.error} />
      {balances.data && rows.length === 0 ? <p className="empty">Nothing is owed to {name} yet.</p> : null}
      {rows.length > 0 ? (
        <table data-testid="payable-balances">
          <TableHead columns={["Account", num("Payable"), num("Pending withdrawals"), num("Available"), BLANK]} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.currency}>
                <td className="code">{r.account}</td>
                <Amount value={r.balance} currency={r.currency} />
                <Amount value={r.pending} currency={r.currency} />
                <Amount value={r.available} currency={r.currency} />
                <td>
                  {offers("ledger") ? (
                    <button
                      type="button"
                      className="link"
                      onClick={() => goTo({ section: "ledger", account: { account: r.account, currency: r.currency } })}
                      aria-label={`Statement of ${r.account} in ${r.currency}`}
                    >
                      Statement
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
