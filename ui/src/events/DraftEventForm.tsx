import { useState, type FormEvent } from "react";
import { DateField, Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { createEvent } from "./queries";

const KINDS = [
  { value: "revenue", label: "Revenue" },
  { value: "exit", label: "Exit" },
  { value: "dividend", label: "Dividend" },
  { value: "other", label: "Other" },
] as const;

/** Drafts an LP event on the deal: what brought the proceeds in, how much, and when they are shared. */
export function DraftEventForm({ deal, onDrafted }: { deal: number; onDrafted: () => void }) {
  const [kind, setKind] = useState<string>("revenue");
  const [title, setTitle] = useState("");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState("");
  const [description, setDescription] = useState("");
  const submission = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    submission.submitDated(date, async (key) => {
      const made = await createEvent(deal, kind, title, description === "" ? null : description, amount, date, key);
      onDrafted();
      return `Event ${made.id} drafted: ${title}`;
    });
  }
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Draft an LP event">
      <label>
        Type
        <select name="event-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <Field label="Title" name="event-title" value={title} onChange={setTitle} required />
      <Field
        label="Total to share"
        name="event-amount"
        value={amount}
        onChange={setAmount}
        inputMode="decimal"
        required
      />
      <DateField
        label="Distribution date"
        calendarLabel="Calendar for the distribution date"
        name="event-date"
        value={date}
        onChange={setDate}
      />
      <Field label="Description (optional)" name="event-description" value={description} onChange={setDescription} />
      <button type="submit" disabled={submission.busy}>
        Draft event
      </button>
      <Outcome error={submission.error} done={submission.done} />
    </form>
  );
}
