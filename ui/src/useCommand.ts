import { useCallback, useState } from "react";
import type { AppError } from "./bindings";
import { asAppError } from "./errors";

/** Runs one command at a time for a screen: its data, its error and whether it is running. */
export function useCommand<T>() {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async (call: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      setData(result);
      return result;
    } catch (failure) {
      setError(asAppError(failure));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  return { data, error, busy, run, setData };
}
