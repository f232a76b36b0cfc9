import type { AppError } from "../bindings";
import { ErrorBanner, Notice } from "./ErrorBanner";

export interface OutcomeProps {
  error: AppError | null;
  done: string | null;
  /** What the user should know about what was done, each in its own amber banner. */
  warnings?: readonly string[];
}

/** How a submission ended: its failure, or the sentence that says what it did and its warnings. */
export function Outcome({ error, done, warnings = [] }: OutcomeProps) {
  return (
    <>
      <ErrorBanner error={error} />
      <Notice text={done} />
      {warnings.map((warning) => (
        <Notice key={warning} text={warning} tone="warning" />
      ))}
    </>
  );
}
