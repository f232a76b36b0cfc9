import { useState } from "react";
import { Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { addPartner } from "./queries";

export function AddPartnerForm({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const partner = useSubmission();
  return (
    <form
      className="card wide"
      onInput={partner.dismiss}
      onSubmit={(e) => {
        e.preventDefault();
        void partner.submit(async (key) => {
          const c = await addPartner(name, key);
          setName("");
          onAdded();
          return `Partner ${name.trim()} added (id ${c.id}).`;
        });
      }}
    >
      <h2>Add a partner</h2>
      <Field label="Partner name" name="partner-name" value={name} onChange={setName} required />
      <Outcome error={partner.error} done={partner.done} />
      <button type="submit" disabled={partner.busy}>
        Add partner
      </button>
    </form>
  );
}
