import { useEffect, useState } from "react";
import { AuditSection } from "../audit/AuditSection";
import { AuthenticatorDialog } from "../authenticator/AuthenticatorDialog";
import { CommissionsSection } from "../commissions/CommissionsSection";
import type { SessionView } from "../bindings";
import { Notice } from "../components/ErrorBanner";
import { DealsSection } from "../deals/DealsSection";
import { DistributionsSection } from "../distributions/DistributionsSection";
import { LedgerSection } from "../ledger/LedgerSection";
import { BatchesSection } from "../payouts/BatchesSection";
import { RevenueSection } from "../revenue/RevenueSection";
import { StatementsSection } from "../statements/StatementsSection";
import { WithdrawalsSection } from "../payouts/WithdrawalsSection";
import { UsersSection } from "../users/UsersSection";
import { NavigationProvider, type Navigation, type Place } from "./navigation";
import { signOut } from "./queries";
import { offeredSections, sectionForShortcut, type SectionId } from "./sections";

export interface MainScreenProps {
  session: SessionView;
  notice: string | null;
  onSignedOut: () => void;
}

/** The signed-in window: the sections Rust offers this user, opening on their landing section. */
export function MainScreen({ session, notice, onSignedOut }: MainScreenProps) {
  const [place, setPlace] = useState<Place>({ section: session.landing });
  const [authenticator, setAuthenticator] = useState(false);
  // Each move mounts the section afresh, so that a link into the section already open opens
  // its target there too.
  const [moves, setMoves] = useState(0);
  // The sign-in notice belongs to the first screen: it goes once the user moves on.
  const [shownNotice, setShownNotice] = useState(notice);
  const offered = offeredSections(session.sections);
  const current = place.section;
  const goTo = (next: Place) => {
    setShownNotice(null);
    setPlace(next);
    setMoves((n) => n + 1);
  };
  const setCurrent = (section: SectionId) => goTo({ section });
  const navigation: Navigation = { goTo, offers: (s) => session.sections.includes(s) };

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = sectionForShortcut(event, offeredSections(session.sections));
      if (target !== null) {
        event.preventDefault();
        setShownNotice(null);
        setPlace({ section: target });
        setMoves((n) => n + 1);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [session.sections]);

  async function leave() {
    await signOut();
    onSignedOut();
  }

  const section = offered.find((s) => s.id === current) ?? offered[0];
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Prorata</span>
        <span className="who" data-testid="who">
          {session.user} · {session.program_name} ({session.program}) · {session.roles.join(", ")}
        </span>
        <button type="button" onClick={() => setAuthenticator(true)}>
          Authenticator
        </button>
        <button type="button" onClick={leave}>
          Sign out
        </button>
      </header>
      {authenticator ? <AuthenticatorDialog onClose={() => setAuthenticator(false)} /> : null}
      <nav className="sidebar" aria-label="Sections">
        {offered.map((s, index) => (
          <button
            type="button"
            key={s.id}
            data-section={s.id}
            aria-current={s.id === current ? "page" : undefined}
            className={s.id === current ? "current" : undefined}
            onClick={() => setCurrent(s.id)}
            title={index < 10 ? `Alt+${(index + 1) % 10}` : undefined}
          >
            {s.label}
            {s.planned ? <span className="later">later</span> : null}
          </button>
        ))}
      </nav>
      <NavigationProvider value={navigation}>
        <main className="content" aria-labelledby="section-title" key={moves}>
          <Notice text={shownNotice} />
          <h1 id="section-title">{section.label}</h1>
          {section.planned ? (
            <p className="planned" data-testid="planned">
              {section.planned}
            </p>
          ) : null}
          {current === "deals" ? <DealsSection session={session} place={place} /> : null}
          {current === "distributions" ? <DistributionsSection session={session} /> : null}
          {current === "withdrawals" ? <WithdrawalsSection /> : null}
          {current === "payout_batches" ? <BatchesSection session={session} /> : null}
          {current === "statements" ? <StatementsSection /> : null}
          {current === "revenue" ? <RevenueSection /> : null}
          {current === "commissions" ? <CommissionsSection /> : null}
          {current === "ledger" ? <LedgerSection account={place.account} /> : null}
          {current === "audit" ? <AuditSection /> : null}
          {current === "users" ? <UsersSection session={session} /> : null}
        </main>
      </NavigationProvider>
    </div>
  );
}
