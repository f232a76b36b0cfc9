import { useEffect, useState, type FormEvent } from "react";
import type { LedgerCheck, TrialBalanceView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField } from "../components/Field";
import { StatusBadge } from "../components/StatusBadge";
import type { AccountRef } from "../desk/navigation";
import { checkDate, isZero } from "../format";
import { useCommand } from "../useCommand";
import { trialBalance, verifyLedger } from "./queries";
import { TrialBalanceTable } from "./TrialBalanceTable";

/** Every account's debits and credits per currency; a row opens the account's statement. */
export function TrialBalance({ onOpen }: { onOpen: (account: AccountRef) => void }) {
  const [asOf, setAsOf] = useState("");
  const balance = useCommand<TrialBalanceView>();
  const check = useCommand<LedgerCheck>();
  const { run } = balance;

  useEffect(() => {
    void run(() => trialBalance(null));
  }, [run]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(asOf);
    if (problem !== null) {
      balance.setData(null);
      void run(() => Promise.reject({ code: "validation", message: `as of: ${problem}` }));
      return;
    }
    void run(() => trialBalance(asOf === "" ? null : asOf));
  }

  const view = balance.data;
  const currencies = view ? Object.keys(view.difference) : [];
  return (
    <section aria-labelledby="trial-balance-title">
      <h2 id="trial-balance-title">Trial balance</h2>
      <form className="toolbar" onSubmit={submit}>
        <DateField
          label={
            <>
              As of <span className="hint">(empty: today)</span>
            </>
          }
          calendarLabel="Calendar for the trial balance's day"
          value={asOf}
          onChange={setAsOf}
        />
        <button type="submit" disabled={balance.busy}>
          Show
        </button>
        <button type="button" onClick={() => void check.run(verifyLedger)} disabled={check.busy}>
          Verify ledger
        </button>
        {check.data ? (
          <span data-testid="ledger-check">
            <StatusBadge status="intact" /> {check.data.accounts} accounts: stored balances equal their postings
          </span>
        ) : null}
      </form>
      <ErrorBanner error={balance.error ?? check.error} />
      {view && view.accounts.length === 0 ? <p className="empty">No account has postings yet.</p> : null}
      {view && view.accounts.length > 0 ? (
        <TrialBalanceTable view={view} currencies={currencies} onOpen={onOpen} />
      ) : null}
      {view
        ? currencies.map((ccy) => {
            const difference = view.difference[ccy] ?? "0";
            return (
              <p key={ccy} className="balance-line" data-testid={`difference-${ccy}`}>
                {isZero(difference) ? <StatusBadge status="balanced" /> : <StatusBadge status="unbalanced" />} {ccy}:
                debits − credits = {difference}
              </p>
            );
          })
        : null}
    </section>
  );
}
