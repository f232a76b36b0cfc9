import { useState, type FormEvent } from "react";
import type { AppError } from "../bindings";
import { Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { asAppError } from "../errors";
import { unlockSealedFields } from "./queries";

/** Opens the sealed e-mail addresses for this session with the organisation passphrase. */
export function UnlockSealedFields({ onUnlocked }: { onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const keyringNotice = await unlockSealedFields(passphrase);
      setError(null);
      setNotice(keyringNotice ?? "Sealed fields are open for this session.");
      onUnlocked();
    } catch (failure) {
      setError(asAppError(failure));
      setNotice(null);
    } finally {
      setPassphrase("");
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="unlock-title">
      <h2 id="unlock-title">Sealed fields</h2>
      <p className="hint">
        E-mail addresses are sealed with the organisation's data key. If this workstation's keyring does not hold it,
        the passphrase opens them for this session.
      </p>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <Field label="Organisation passphrase" type="password" value={passphrase} onChange={setPassphrase} required />
        <button type="submit" disabled={busy}>
          Open sealed fields
        </button>
      </form>
      <Outcome error={error} done={notice} />
    </section>
  );
}
