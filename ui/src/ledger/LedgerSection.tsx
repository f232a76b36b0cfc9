import { useEffect, useState, type FormEvent } from "react";
import { commands, type AccountStatementView, type LedgerCheck, type TrialBalanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { unwrap } from "../errors";
import { checkDate, isZero } from "../format";
import { useCommand } from "../useCommand";

export function LedgerSection() {
  return (
    <>
      <TrialBalance />
      <AccountStatement />
    </>
  );
}

function TrialBalance() {
  const [asOf, setAsOf] = useState("");
  const balance = useCommand<TrialBalanceView>();
  const check = useCommand<LedgerCheck>();
  const { run } = balance;

  useEffect(() => {
    void run(() => unwrap(commands.trialBalance(null)));
  }, [run]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(asOf);
    if (problem !== null) {
      balance.setData(null);
      void run(() => Promise.reject({ code: "validation", message: `as of: ${problem}` }));
      return;
    }
    void run(() => unwrap(commands.trialBalance(asOf === "" ? null : asOf)));
  }

  const view = balance.data;
  const currencies = view ? Object.keys(view.difference) : [];
  return (
    <section aria-labelledby="trial-balance-title">
      <h2 id="trial-balance-title">Trial balance</h2>
      <form className="toolbar" onSubmit={submit}>
        <label>
          As of <span className="hint">(empty: today)</span>
          <input value={asOf} onChange={(e) => setAsOf(e.target.value)} placeholder="YYYY-MM-DD" />
        </label>
        <button type="submit" disabled={balance.busy}>
          Show
        </button>
        <button
          type="button"
          onClick={() => void check.run(() => unwrap(commands.verifyLedger()))}
          disabled={check.busy}
        >
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
        <table data-testid="trial-balance">
          <thead>
            <tr>
              <th>Account</th>
              <th>Currency</th>
              <th className="num">Debits</th>
              <th className="num">Credits</th>
            </tr>
          </thead>
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

function AccountStatement() {
  const [account, setAccount] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const statement = useCommand<AccountStatementView>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(from) ?? checkDate(to);
    if (problem !== null) {
      void statement.run(() => Promise.reject({ code: "validation", message: `dates: ${problem}` }));
      return;
    }
    void statement.run(() =>
      unwrap(commands.accountStatement(account.trim(), from === "" ? null : from, to === "" ? null : to)),
    );
  }

  const view = statement.data;
  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">Account statement</h2>
      <form className="toolbar" onSubmit={submit}>
        <label>
          Account
          <input value={account} onChange={(e) => setAccount(e.target.value)} placeholder="e.g. cash" required />
        </label>
        <label>
          From
          <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="YYYY-MM-DD" />
        </label>
        <label>
          To
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="YYYY-MM-DD" />
        </label>
        <button type="submit" disabled={statement.busy}>
          Show statement
        </button>
      </form>
      <ErrorBanner error={statement.error} />
      {view ? (
        <table data-testid="statement">
          <caption>
            <code>{view.account}</code> in {view.currency}, normally a {view.normal_side} balance
          </caption>
          <thead>
            <tr>
              <th>Date</th>
              <th>Entry</th>
              <th>Kind</th>
              <th>Description</th>
              <th className="num">Debit</th>
              <th className="num">Credit</th>
              <th className="num">Balance</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.length === 0 ? (
              <tr>
                <td colSpan={7} className="empty">
                  No postings in this period.
                </td>
              </tr>
            ) : null}
            {view.lines.map((line, index) => (
              <tr key={`${line.entry_id}-${index}`}>
                <td>{line.date}</td>
                <td className="num">{line.entry_id}</td>
                <td>{line.kind}</td>
                <td>{line.description}</td>
                <Amount value={line.debit} />
                <Amount value={line.credit} />
                <Amount value={line.balance} currency={view.currency} />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
