import { useState, type FormEvent } from "react";
import type { UnitMovementKind } from "../bindings";
import { Outcome } from "../components/Outcome";
import { DateField, Field } from "../components/Field";
import { useSubmission } from "../useSubmission";
import { moveUnits } from "./queries";

const KINDS: { value: UnitMovementKind; label: string; done: string }[] = [
  { value: "issue", label: "Issue", done: "issued" },
  { value: "transfer", label: "Transfer", done: "transferred" },
  { value: "redeem", label: "Redeem", done: "redeemed" },
];

/** A movement of the deal's units: issued to, transferred between or redeemed from investors. */
export function UnitMovementForm({ deal, onMoved }: { deal: number; onMoved: () => void }) {
  const [kind, setKind] = useState<UnitMovementKind>("issue");
  const [investor, setInvestor] = useState("");
  const [from, setFrom] = useState("");
  const [units, setUnits] = useState("");
  const [date, setDate] = useState("");
  const submission = useSubmission();
  const words = KINDS.find((k) => k.value === kind) ?? KINDS[0];
  function submit(event: FormEvent) {
    event.preventDefault();
    submission.submitDated(date, async (key) => {
      await moveUnits(kind, deal, investor, kind === "transfer" ? from : null, units, date, key);
      onMoved();
      return `${units} units ${words.done}`;
    });
  }
  return (
    <form className="toolbar" onSubmit={submit} aria-label="Move units">
      <label>
        Movement
        <select name="units-kind" value={kind} onChange={(e) => setKind(e.target.value as UnitMovementKind)}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === "transfer" ? (
        <Field label="From investor" name="units-from" value={from} onChange={setFrom} required />
      ) : null}
      <Field
        label={kind === "redeem" ? "Investor" : kind === "transfer" ? "To investor" : "Investor"}
        name="units-investor"
        value={investor}
        onChange={setInvestor}
        required
      />
      <Field label="Units" name="units-units" value={units} onChange={setUnits} inputMode="decimal" required />
      <DateField
        label="Date"
        calendarLabel="Calendar for the movement's date"
        name="units-date"
        value={date}
        onChange={setDate}
      />
      <button type="submit" disabled={submission.busy}>
        {words.label} units
      </button>
      <Outcome error={submission.error} done={submission.done} />
    </form>
  );
}
