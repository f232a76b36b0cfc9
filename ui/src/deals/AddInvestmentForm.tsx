import { useState, type FormEvent } from "react";
import { DateField, Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { groupDigits } from "../format";
import { useSubmission } from "../useSubmission";
import { invest } from "./queries";

/** An investor's capital put into the deal on a day. */
export function AddInvestmentForm({ deal, onAdded }: { deal: string; onAdded: () => void }) {
  const [investor, setInvestor] = useState("");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState("");
  const add = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    add.submitDated(date, async (key) => {
      await invest(deal, investor, amount, date, key);
      onAdded();
      return `${groupDigits(amount)} from ${investor} on ${date} recorded.`;
    });
  }
  return (
    <form className="card wide" onSubmit={submit}>
      <h2>Add an investment</h2>
      <div className="row">
        <Field
          label="Investor (name or id)"
          name="investment-investor"
          value={investor}
          onChange={setInvestor}
          required
        />
        <Field
          label="Amount"
          name="investment-amount"
          value={amount}
          onChange={setAmount}
          inputMode="decimal"
          required
        />
        <DateField label="Date" name="investment-date" value={date} onChange={setDate} required />
      </div>
      <Outcome error={add.error} done={add.done} />
      <button type="submit" disabled={add.busy}>
        Add investment
      </button>
    </form>
  );
}
