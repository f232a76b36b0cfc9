import { useEffect, useRef, useState } from "react";
import type { AppError, Enrolment, SecondFactorView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { asAppError } from "../errors";
import { CodeField } from "./CodeField";
import { confirmSecondFactor, enrolSecondFactor, qrImage, secondFactorStatus } from "./queries";

export interface AuthenticatorDialogProps {
  onClose: () => void;
}

const RULE =
  "This program asks for a fresh code from your authenticator to approve distributions and payout batches and to execute a batch.";
const NO_RULE = "This program does not ask for codes now; an admin may turn the rule on.";

/**
 * The signed-in user's authenticator: where they are with it, and setting one up: a new
 * secret shown once as a QR code and as text, then a first code of it, which Rust checks.
 */
export function AuthenticatorDialog({ onClose }: AuthenticatorDialogProps) {
  const [view, setView] = useState<SecondFactorView | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
    secondFactorStatus().then(setView, (failure: unknown) => setError(asAppError(failure)));
  }, []);

  async function step(call: () => Promise<void>) {
    setBusy(true);
    try {
      await call();
      setError(null);
    } catch (failure) {
      setError(asAppError(failure));
    } finally {
      setBusy(false);
    }
  }
  const enrol = () => step(async () => setEnrolment(await enrolSecondFactor()));
  const confirm = () =>
    step(async () => {
      setView(await confirmSecondFactor(code));
      setEnrolment(null);
      setCode("");
    });

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="authenticator-title"
        onKeyDown={(e) => e.key === "Escape" && onClose()}
      >
        <h2 id="authenticator-title">Your authenticator</h2>
        <div className="dialog-body">
          <ErrorBanner error={error} />
          {view ? <p data-testid="authenticator-rule">{view.required ? RULE : NO_RULE}</p> : null}
          {view?.state === "set_up" && enrolment === null ? (
            <p data-testid="authenticator-state">Your authenticator is set up: its codes are accepted.</p>
          ) : null}
          {view && view.state !== "set_up" && enrolment === null ? (
            <p data-testid="authenticator-state">
              {view.state === "awaiting_first_code"
                ? "A secret was made but no code of it was given: show a new one and scan it again."
                : "You have no authenticator set up."}
            </p>
          ) : null}
          {enrolment ? <Secret enrolment={enrolment} code={code} onCode={setCode} /> : null}
        </div>
        <div className="dialog-actions">
          <button type="button" ref={closeRef} onClick={onClose}>
            Close
          </button>
          {view && view.state !== "set_up" && enrolment === null ? (
            <button type="button" className="primary" disabled={busy} onClick={() => void enrol()}>
              Show a new secret
            </button>
          ) : null}
          {enrolment ? (
            <button type="button" className="primary" disabled={busy || code === ""} onClick={() => void confirm()}>
              Confirm the code
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** A new secret, shown once: scan the QR code or type the text, then give the code the app shows. */
function Secret({ enrolment, code, onCode }: { enrolment: Enrolment; code: string; onCode: (code: string) => void }) {
  return (
    <>
      <p>Scan this with your authenticator app, or type the secret into it; it is shown only now.</p>
      <img
        className="qr"
        src={qrImage(enrolment.qr_svg)}
        alt={`QR code of ${enrolment.otpauth_uri}`}
        width={200}
        height={200}
      />
      <p>
        Secret:{" "}
        <span className="code" data-testid="authenticator-secret">
          {enrolment.secret}
        </span>
      </p>
      <CodeField value={code} onChange={onCode} />
    </>
  );
}
