import { useCallback, useState } from "react";
import type { AppError } from "./bindings";
import { asAppError } from "./errors";
import { checkDate } from "./format";

/** What a submission did, and what its maker should know about it (each shown apart, in amber). */
export interface Done {
  done: string;
  warnings: readonly string[];
}

/** A fresh key for one submission: a double click or a retry sends the same key, so the change is made once. */
export function newIdempotencyKey(): string {
  return `desk-${crypto.randomUUID()}`;
}

/**
 * One form's submission and its idempotency key. The key is kept while the same submission is
 * retried after a failure, so Rust applies it at most once, and renewed after a success, so the
 * next submission is a new request.
 */
export function useSubmission() {
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);

  /** A fresh key for a different request, e.g. a new change asked for in a dialog. */
  const renew = useCallback(() => setKey(newIdempotencyKey()), []);

  /** Takes down the last success's sentence, e.g. when the form is filled in again. */
  const dismiss = useCallback(() => {
    setDone(null);
    setWarnings([]);
  }, []);

  /** Sends `call` with the key; a success renews it, a failure (thrown) keeps it for the retry. */
  const send = useCallback(
    async <T>(call: (key: string) => Promise<T>): Promise<T> => {
      const result = await call(key);
      renew();
      return result;
    },
    [key, renew],
  );

  /**
   * Sends `call`, showing its returned sentence as `done` (with its warnings apart) or its failure
   * as `error`. The last outcome is taken down first, so no old banner stands beside the new one.
   */
  async function submit(call: (key: string) => Promise<string | Done>) {
    setBusy(true);
    dismiss();
    setError(null);
    try {
      const result = await send(call);
      setDone(typeof result === "string" ? result : result.done);
      setWarnings(typeof result === "string" ? [] : result.warnings);
      setError(null);
    } catch (failure) {
      setError(asAppError(failure));
    } finally {
      setBusy(false);
    }
  }

  /** Submits once `date` is a real YYYY-MM-DD day; otherwise says what is wrong and sends nothing. */
  function submitDated(date: string, call: (key: string) => Promise<string | Done>) {
    const problem = date === "" ? "a date is required" : checkDate(date);
    if (problem !== null) {
      setError({ code: "validation", message: `date: ${problem}` });
      return;
    }
    void submit(call);
  }

  return { key, send, renew, dismiss, submit, submitDated, error, done, warnings, busy };
}
