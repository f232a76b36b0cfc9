import { useState, type FormEvent } from "react";
import type { AccountStatementView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField, Field } from "../components/Field";
import { checkDate } from "../format";
import { useCommand } from "../useCommand";
import { accountStatement } from "./queries";
import { StatementTable } from "./StatementTable";

export function AccountStatement() {
  const [account, setAccount] = useState("");
  const [currency, setCurrency] = useState("");
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
    const book = currency.trim() === "" ? null : currency.trim();
    void statement.run(() => accountStatement(account.trim(), book, from === "" ? null : from, to === "" ? null : to));
  }

  return (
    <section aria-labelledby="statement-title">
      <h2 id="statement-title">Account statement</h2>
      <form className="toolbar" onSubmit={submit}>
        <Field label="Account" value={account} onChange={setAccount} placeholder="e.g. cash" required />
        <Field
          label={
            <>
              Currency <span className="hint">(where the account is kept in several)</span>
            </>
          }
          value={currency}
          onChange={setCurrency}
          placeholder="e.g. NGN"
          maxLength={3}
        />
        <DateField label="From" value={from} onChange={setFrom} />
        <DateField label="To" value={to} onChange={setTo} />
        <button type="submit" disabled={statement.busy}>
          Show statement
        </button>
      </form>
      <ErrorBanner error={statement.error} />
      {statement.data ? <StatementTable view={statement.data} /> : null}
    </section>
  );
}
