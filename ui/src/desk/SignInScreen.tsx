import { useState, type FormEvent } from "react";
import type { AppError, DeskStatus, SignedIn } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { asAppError } from "../errors";
import { signIn } from "./queries";

export interface SignInScreenProps {
  desk: DeskStatus;
  notice: string | null;
  onSignedIn: (signedIn: SignedIn) => void;
}

export function SignInScreen({ desk, notice, onSignedIn }: SignInScreenProps) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [program, setProgram] = useState("");
  // Asked only after the store said this workstation has not unlocked its data key.
  const [locked, setLocked] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const chosen = program.trim() === "" ? null : program.trim();
      onSignedIn(await signIn(user, password, chosen, locked ? passphrase : null));
    } catch (failure) {
      const refusal = asAppError(failure);
      setPassword("");
      setPassphrase("");
      setLocked(locked || refusal.code === "locked");
      setError(refusal);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Prorata</h1>
        <p className="hint">
          {desk.store.kind === "local" ? "Local store" : "Remote store"}: <code>{desk.store.location}</code>
        </p>
        <Notice text={notice} />
        <label>
          User
          <input
            name="user"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            autoFocus
            required
            autoComplete="username"
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
        <label>
          Program <span className="hint">(only if you work in several)</span>
          <input name="program" value={program} onChange={(e) => setProgram(e.target.value)} placeholder="main" />
        </label>
        {locked ? (
          <label>
            Organisation passphrase{" "}
            <span className="hint">(once on this workstation: it signs the audit log, then stays in the keyring)</span>
            <input
              name="passphrase"
              type="password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              required
              autoComplete="off"
            />
          </label>
        ) : null}
        <ErrorBanner error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
