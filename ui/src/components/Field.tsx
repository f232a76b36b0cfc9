import type { InputHTMLAttributes, ReactNode } from "react";

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

/** A labelled input for a YYYY-MM-DD date, with that pattern as its placeholder. */
export function DateField(props: FieldProps) {
  return <Field placeholder="YYYY-MM-DD" {...props} />;
}
