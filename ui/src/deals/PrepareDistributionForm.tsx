import { useState, type FormEvent } from "react";
import { DateField } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { prepareDistribution } from "./queries";

/** The deal's distribution for a day, prepared for a second person to approve. */
export function PrepareDistributionForm({ deal, onPrepared }: { deal: string; onPrepared: () => void }) {
  const [date, setDate] = useState("");
  const prepare = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    prepare.submitDated(date, async (key) => {
      const c = await prepareDistribution(deal, date, key);
      onPrepared();
      return `Distribution ${c.id} prepared for ${date}. A second person reviews and approves it under Distributions.`;
    });
  }
  return (
    <form className="toolbar" onSubmit={submit}>
      <DateField label="Prepare the distribution of" name="prepare-date" value={date} onChange={setDate} required />
      <button type="submit" className="primary" disabled={prepare.busy}>
        Prepare distribution
      </button>
      <Outcome error={prepare.error} done={prepare.done} />
    </form>
  );
}
