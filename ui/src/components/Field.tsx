import type { InputHTMLAttributes, ReactNode } from "react";
import { percentHint } from "../format";

export type FieldProps = { label: ReactNode; onChange: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "onChange"
>;

/** A labelled text input: the label's words, then the input, which hands back its new text. */
export function Field({ label, onChange, ...input }: FieldProps) {
  return (
    <label>
      {label}
      <input {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export { DateField } from "./DateField";

/**
 * A labelled input for a rate typed as a percentage (`20`, `20%`, `12.5`), read exactly in Rust.
 * A figure below one without a percent sign may have been meant as a fraction: the hint says
 * what it reads as and what to type instead.
 */
export function PercentField({ label, value, onChange, ...input }: FieldProps & { value: string }) {
  const hint = percentHint(value);
  const hintId = input.name ? `${input.name}-hint` : undefined;
  return (
    <label>
      {label}
      <span className="suffixed">
        <input
          {...input}
          value={value}
          inputMode="decimal"
          aria-describedby={hint ? hintId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </span>
      {hint ? (
        <span className="hint warning" id={hintId} role="note">
          {hint}
        </span>
      ) : null}
    </label>
  );
}

/** A labelled input for an amount: digits, grouped in thousands or not (`12,000.50`). */
export function AmountField(props: FieldProps) {
  return <Field inputMode="decimal" placeholder="12,000.00" {...props} />;
}
