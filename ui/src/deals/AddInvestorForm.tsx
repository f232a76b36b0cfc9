import { useState } from "react";
import { Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { addInvestor } from "./queries";

export function AddInvestorForm({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const investor = useSubmission();
  return (
    <form
      className="card wide"
      onInput={investor.dismiss}
      onSubmit={(e) => {
        e.preventDefault();
        void investor.submit(async (key) => {
          const c = await addInvestor(name, email === "" ? null : email, key);
          setName("");
          setEmail("");
          onAdded();
          return `Investor ${name.trim()} added (id ${c.id}).`;
        });
      }}
    >
      <h2>Add an investor</h2>
      <div className="row">
        <Field label="Investor name" name="investor-name" value={name} onChange={setName} required />
        <Field label="E-mail (sealed; optional)" name="investor-email" type="email" value={email} onChange={setEmail} />
      </div>
      <Outcome error={investor.error} done={investor.done} />
      <button type="submit" disabled={investor.busy}>
        Add investor
      </button>
    </form>
  );
}
