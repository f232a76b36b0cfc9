import { Field } from "../components/Field";

export interface CodeFieldProps {
  value: string;
  onChange: (code: string) => void;
}

/** The 6 digits an authenticator app shows now, for an act that moves money out. */
export function CodeField({ value, onChange }: CodeFieldProps) {
  return (
    <Field
      label="Code from your authenticator"
      name="second-factor-code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      value={value}
      onChange={(code) => onChange(code.replace(/\s/g, ""))}
    />
  );
}
