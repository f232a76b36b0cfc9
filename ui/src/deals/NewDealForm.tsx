import { useState } from "react";
import { Field, PercentField } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { useSubmission } from "../useSubmission";
import { createDeal } from "./queries";

/** What a new deal's form starts with: the usual currency and rates, as percentages. */
const BLANK_DEAL = {
  name: "",
  currency: "USD",
  partner: "",
  partner_commission_rate: "20",
  platform_fee_rate: "2",
  circuit_breaker_threshold: "25",
};

/** A new deal's terms: its partner, currency and the rates that split its profit, as percentages. */
export function NewDealForm({ onCreated }: { onCreated: () => void }) {
  const deal = useSubmission();
  const [form, setForm] = useState(BLANK_DEAL);
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });

  return (
    <form
      className="card wide"
      onInput={deal.dismiss}
      onSubmit={(e) => {
        e.preventDefault();
        void deal.submit(async (key) => {
          const c = await createDeal(
            { ...form, circuit_breaker_threshold: form.circuit_breaker_threshold || null },
            key,
          );
          setForm(BLANK_DEAL);
          onCreated();
          return `Deal ${form.name.trim()} created (id ${c.id}).`;
        });
      }}
    >
      <h2>New deal</h2>
      <div className="row">
        <Field label="Name" name="deal-name" value={form.name} onChange={set("name")} required />
        <Field
          label="Currency"
          name="deal-currency"
          value={form.currency}
          onChange={set("currency")}
          size={4}
          required
        />
        <Field
          label="Partner (name or id)"
          name="deal-partner"
          value={form.partner}
          onChange={set("partner")}
          required
        />
      </div>
      <div className="row">
        <PercentField
          label="Partner commission rate"
          name="deal-partner-rate"
          value={form.partner_commission_rate}
          onChange={set("partner_commission_rate")}
          required
        />
        <PercentField
          label="Platform fee rate"
          name="deal-platform-rate"
          value={form.platform_fee_rate}
          onChange={set("platform_fee_rate")}
          required
        />
        <PercentField
          label="Circuit-breaker threshold"
          name="deal-threshold"
          value={form.circuit_breaker_threshold}
          onChange={set("circuit_breaker_threshold")}
        />
      </div>
      <p className="hint">
        Rates are percentages of profit (20 or 20% is twenty per cent); the two together may not exceed 100%. A value
        that moves by more than the threshold in one step waits for an approver's override.
      </p>
      <Outcome error={deal.error} done={deal.done} />
      <button type="submit" className="primary" disabled={deal.busy}>
        Create deal
      </button>
    </form>
  );
}
