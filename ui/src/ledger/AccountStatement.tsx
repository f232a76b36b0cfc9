import { useEffect, useRef, useState, type FormEvent } from "react";
import type { AccountStatementView, LedgerAccountView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField } from "../components/Field";
import type { AccountRef } from "../desk/navigation";
import { checkDate } from "../format";
import { useCommand } from "../useCommand";
import { accountStatement, listAccounts } from "./queries";
import { StatementTable } from "./StatementTable";

const keyOf = (ref: AccountRef) => `${ref.account} ${ref.currency}`;

/** One account's statement: the account picked by name, over a period, or opened from elsewhere. */
export function AccountStatement({ opened }: { opened: AccountRef | null }) {
  const [picked, setPicked] = useState(opened ? keyOf(opened) : "");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const accounts = useCommand<LedgerAccountView[]>();
  const statement = useCommand<AccountStatementView>();
  const section = useRef<HTMLElement>(null);
  const runAccounts = accounts.run;
  const runStatement = statement.run;
  useEffect(() => {
    void runAccounts(listAccounts);
  }, [runAccounts]);
  useEffect(() => {
    if (opened === null) {
      return;
    }
    // Opened from a row or a link: the statement of the whole history, brought into view.
    setPicked(keyOf(opened));
    void runStatement(() => accountStatement(opened.account, opened.currency, null, null));
    section.current?.scrollIntoView?.({ block: "start" });
  }, [opened, runStatement]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(from) ?? checkDate(to);
    const chosen = accounts.data?.find((a) => keyOf(a) === picked);
    if (problem !== null || chosen === undefined) {
      const message = problem !== null ? `dates: ${problem}` : "account: pick the account whose statement to show";
      void statement.run(() => Promise.reject({ code: "validation", message }));
      return;
    }
    void statement.run(() =>
      accountStatement(chosen.account, chosen.currency, from === "" ? null : from, to === "" ? null : to),
    );
  }
  return (
    <section aria-labelledby="statement-title" ref={section}>
      <h2 id="statement-title">Account statement</h2>
      <form className="toolbar" onSubmit={submit}>
        <label>
          Account
          <select value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">Pick an account…</option>
            {(accounts.data ?? []).map((a) => (
              <option key={keyOf(a)} value={keyOf(a)}>
                {a.name} · {a.account} · {a.currency}
              </option>
            ))}
          </select>
        </label>
        <DateField label="From" value={from} onChange={setFrom} />
        <DateField label="To" value={to} onChange={setTo} />
        <button type="submit" disabled={statement.busy}>
          Show statement
        </button>
      </form>
      <ErrorBanner error={statement.error ?? accounts.error} />
      {statement.data ? <StatementTable view={statement.data} /> : null}
    </section>
  );
}
