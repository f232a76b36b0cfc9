import { useState, type FormEvent } from "react";
import type { DocumentView, IssuedDocument } from "../bindings";
import { Outcome } from "../components/Outcome";
import { DateField, Field } from "../components/Field";
import { useSubmission } from "../useSubmission";
import { issueStatement } from "./queries";

/** One investor's statement of a period: issued (or, if it was issued before, the recorded one), then opened. */
export function IssueStatementForm({ onIssued }: { onIssued: (d: DocumentView) => void }) {
  const [investor, setInvestor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [currency, setCurrency] = useState("");
  const submission = useSubmission();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const got: { issued: IssuedDocument | null } = { issued: null };
    await submission.submit(async (key) => {
      const done = await issueStatement(investor, from, to, currency.trim() === "" ? null : currency.trim(), key);
      got.issued = done;
      return done.issued_now
        ? `${done.document.document_id} issued`
        : `${done.document.document_id} was issued before: the recorded document is shown`;
    });
    if (got.issued !== null) {
      onIssued(got.issued.document);
    }
  }
  return (
    <section aria-labelledby="issue-title">
      <h2 id="issue-title">One investor's statement</h2>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <Field
          label="Investor (name or number)"
          name="statement-investor"
          value={investor}
          onChange={setInvestor}
          required
        />
        <DateField
          label="From"
          calendarLabel="Calendar for the period's first day"
          name="statement-from"
          value={from}
          onChange={setFrom}
        />
        <DateField
          label="To"
          calendarLabel="Calendar for the period's last day"
          name="statement-to"
          value={to}
          onChange={setTo}
        />
        <Field
          label="Currency (if owed in several)"
          name="statement-currency"
          value={currency}
          onChange={setCurrency}
        />
        <button type="submit" disabled={submission.busy}>
          {submission.busy ? "Issuing…" : "Issue statement"}
        </button>
      </form>
      <Outcome error={submission.error} done={submission.done} />
    </section>
  );
}
