import type { AppError } from "../bindings";
import { ErrorBanner, Notice } from "./ErrorBanner";

/** How a submission ended: its failure, or the sentence that says what it did. */
export function Outcome({ error, done }: { error: AppError | null; done: string | null }) {
  return (
    <>
      <ErrorBanner error={error} />
      <Notice text={done} />
    </>
  );
}
