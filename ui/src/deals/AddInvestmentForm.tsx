import { useState, type FormEvent } from "react";
import { AmountField, DateField, Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { today } from "../format";
import { useSubmission } from "../useSubmission";
import { invest } from "./queries";

/** An investor's capital put into the deal on a day. */
export function AddInvestmentForm({ deal, onAdded }: { deal: string; onAdded: () => void }) {
  const [investor, setInvestor] = useState("");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState(today);
  const add = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    add.submitDated(date, async (key) => {
      const c = await invest(deal, investor, amount, date, key);
      setInvestor("");
      setAmount("");
      onAdded();
      return `Investment ${c.id} recorded: ${amount.trim()} from ${investor.trim()} on ${date}.`;
    });
  }
  return (
    <form className="card wide" onSubmit={submit} onInput={add.dismiss}>
      <h2>Add an investment</h2>
      <div className="row">
        <Field
          label="Investor (name or id)"
          name="investment-investor"
          value={investor}
          onChange={setInvestor}
          required
        />
        <AmountField label="Amount" name="investment-amount" value={amount} onChange={setAmount} required />
        <DateField
          label="Date"
          calendarLabel="Calendar for the investment's date"
          name="investment-date"
          value={date}
          onChange={setDate}
          required
        />
      </div>
      <Outcome error={add.error} done={add.done} />
      <button type="submit" disabled={add.busy}>
        Add investment
      </button>
    </form>
  );
}
