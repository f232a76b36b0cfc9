import { useEffect, useState } from "react";
import type { AppError, DeskStatus, SessionView } from "./bindings";
import { ErrorBanner } from "./components/ErrorBanner";
import { MainScreen } from "./desk/MainScreen";
import { deskStatus, screenShown } from "./desk/queries";
import { SetupScreen } from "./desk/SetupScreen";
import { SignInScreen } from "./desk/SignInScreen";
import { asAppError } from "./errors";

type Phase =
  | { kind: "loading" }
  | { kind: "failed"; error: AppError }
  | { kind: "setup"; desk: DeskStatus }
  | { kind: "sign_in"; desk: DeskStatus; notice: string | null }
  | { kind: "main"; desk: DeskStatus; session: SessionView; notice: string | null };

/** The window's phases: find the store, create it on first start, sign in, then work. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });

  useEffect(() => {
    deskStatus()
      .then((desk) => setPhase(desk.needs_setup ? { kind: "setup", desk } : { kind: "sign_in", desk, notice: null }))
      .catch((failure) => setPhase({ kind: "failed", error: asAppError(failure) }));
  }, []);

  useEffect(() => {
    if (phase.kind !== "loading") {
      // Lets the start-up benchmark stop the clock once a screen is on show.
      void screenShown(phase.kind);
    }
  }, [phase.kind]);

  switch (phase.kind) {
    case "loading":
      return <p className="loading">Opening the store…</p>;
    case "failed":
      return (
        <main className="centered">
          <h1>Prorata could not open its store</h1>
          <ErrorBanner error={phase.error} />
        </main>
      );
    case "setup":
      return (
        <SetupScreen
          desk={phase.desk}
          onCreated={(desk) =>
            setPhase({
              kind: "sign_in",
              desk,
              notice: ["The store was created. Sign in as its first admin.", desk.notice].filter(Boolean).join(" "),
            })
          }
        />
      );
    case "sign_in":
      return (
        <SignInScreen
          desk={phase.desk}
          notice={phase.notice}
          onSignedIn={(signedIn) =>
            setPhase({
              kind: "main",
              desk: phase.desk,
              session: signedIn.session,
              notice: signedIn.notice,
            })
          }
        />
      );
    case "main":
      return (
        <MainScreen
          session={phase.session}
          notice={phase.notice}
          onSignedOut={() => setPhase({ kind: "sign_in", desk: phase.desk, notice: "You are signed out." })}
        />
      );
  }
}
