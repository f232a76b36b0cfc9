import { useState, type FormEvent } from "react";
import type { AppError, DeskStatus } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { asAppError } from "../errors";
import { createStore } from "./queries";

/** First start: the store does not exist yet; it is created with its first admin and the organisation passphrase. */
export function SetupScreen({ desk, onCreated }: { desk: DeskStatus; onCreated: (desk: DeskStatus) => void }) {
  const [admin, setAdmin] = useState("admin");
  const [password, setPassword] = useState("");
  const [passwordAgain, setPasswordAgain] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [passphraseAgain, setPassphraseAgain] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== passwordAgain) {
      setError({ code: "validation", message: "password: the two passwords differ" });
      return;
    }
    if (passphrase !== passphraseAgain) {
      setError({ code: "validation", message: "passphrase: the two passphrases differ" });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await createStore(admin, password, passphrase));
    } catch (failure) {
      setError(asAppError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Create the store</h1>
        <p className="hint">
          No store exists yet in <code>{desk.store.location}</code>. Prorata will create it, with you as its first
          admin.
        </p>
        <label>
          First admin's user name
          <input value={admin} onChange={(e) => setAdmin(e.target.value)} autoFocus required />
        </label>
        <label>
          Password (at least 12 characters)
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <label>
          Password again
          <input type="password" value={passwordAgain} onChange={(e) => setPasswordAgain(e.target.value)} required />
        </label>
        <label>
          Organisation passphrase (at least 12 characters)
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        <label>
          Passphrase again
          <input
            type="password"
            value={passphraseAgain}
            onChange={(e) => setPassphraseAgain(e.target.value)}
            required
          />
        </label>
        <p className="hint">
          The passphrase protects sealed fields such as e-mail addresses. Without it they cannot be opened: keep it
          somewhere safe.
        </p>
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Create the store"}
        </button>
      </form>
    </main>
  );
}
