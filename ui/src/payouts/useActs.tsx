import { useState } from "react";
import type { AppError } from "../bindings";
import { useCodeAsked } from "../authenticator/useCodeAsked";
import { asAppError } from "../errors";
import { useSubmission } from "../useSubmission";
import { ActDialog } from "./ActDialog";
import { MUTATION, perform, type Act } from "./acts";
import type { STALE } from "./queries";

/**
 * One act at a time for a payout screen: the act awaiting its confirmation, the sentence of
 * the last one done or its error, and the idempotency key it is sent under (kept while a failed
 * act is confirmed again, renewed once it succeeds).
 */
export function useActs(onDone: (mutation: keyof typeof STALE) => void, codeAskedAtSignIn = false) {
  const codes = useCodeAsked(codeAskedAtSignIn);
  const [pending, setPending] = useState<Act | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submission = useSubmission();

  async function confirm(text: string, code: string | null) {
    if (pending === null) {
      return;
    }
    setBusy(true);
    try {
      setDone(await submission.send((key) => perform(pending, text, key, code)));
      setError(null);
      onDone(MUTATION[pending.kind]);
    } catch (failure) {
      const appError = asAppError(failure);
      codes.noteFailure(appError);
      setDone(null);
      setError(appError);
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const dialog = pending ? (
    <ActDialog
      act={pending}
      busy={busy}
      codeAsked={codes.asked}
      onConfirm={(text, code) => void confirm(text, code)}
      onCancel={() => setPending(null)}
    />
  ) : null;

  return { pending, ask: setPending, dialog, error, done };
}
