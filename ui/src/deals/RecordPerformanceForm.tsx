import { useState, type FormEvent } from "react";
import { AmountField, DateField, Field } from "../components/Field";
import { sentence, today } from "../format";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { recordPerformance } from "./queries";

/** The deal's value on a day, with what the market did; a second person verifies it. */
export function RecordPerformanceForm({ deal, onRecorded }: { deal: string; onRecorded: () => void }) {
  const [date, setDate] = useState(today);
  const [value, setValue] = useState("");
  const [market, setMarket] = useState("");
  const [notes, setNotes] = useState("");
  const record = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    record.submitDated(date, async (key) => {
      const r = await recordPerformance(
        { deal, date, value, market_conditions: market || null, notes: notes || null },
        key,
      );
      setValue("");
      setMarket("");
      setNotes("");
      onRecorded();
      const change = r.change === null ? "the first value" : `a change of ${r.change}`;
      return {
        done: `Value ${value.trim()} of ${date} recorded (id ${r.id}), ${change}; it waits for an approver's verification.`,
        warnings: r.warnings.map(sentence),
      };
    });
  }
  return (
    <form className="card wide" onSubmit={submit} onInput={record.dismiss}>
      <h2>Record performance</h2>
      <div className="row">
        <DateField
          label="Date"
          calendarLabel="Calendar for the value's date"
          name="performance-date"
          value={date}
          onChange={setDate}
          required
        />
        <AmountField label="Value" name="performance-value" value={value} onChange={setValue} required />
        <Field label="Market conditions" name="performance-market" value={market} onChange={setMarket} />
        <Field label="Notes" name="performance-notes" value={notes} onChange={setNotes} />
      </div>
      <Outcome error={record.error} done={record.done} warnings={record.warnings} />
      <button type="submit" className="primary" disabled={record.busy}>
        Record value
      </button>
    </form>
  );
}
