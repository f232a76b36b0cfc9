import { useCallback, useEffect, useState } from "react";
import type { DealView, Items, SessionView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import type { PartyRef } from "../desk/navigation";
import { holds } from "../roles";
import { reloadStale, type Stale } from "../stale";
import { useCommand } from "../useCommand";
import { AddInvestorForm } from "./AddInvestorForm";
import { AddPartnerForm } from "./AddPartnerForm";
import { DealTable } from "./DealTable";
import { NewDealForm } from "./NewDealForm";
import { PartiesTable } from "./PartiesTable";
import { STALE, listDeals } from "./queries";

export interface DealListPageProps {
  session: SessionView;
  onOpen: (id: number) => void;
  /** The party a link led to: its row is marked and brought into view. */
  marked?: PartyRef;
}

export function DealListPage({ session, onOpen, marked }: DealListPageProps) {
  const deals = useCommand<Items<DealView>>();
  const [partiesVersion, setPartiesVersion] = useState(0);
  const { run } = deals;
  const reload = useCallback(() => void run(listDeals), [run]);
  useEffect(reload, [reload]);
  // The parties table loads itself when it is mounted: a new key mounts it afresh.
  const refresh = (stale: Stale<"deals" | "parties">) =>
    reloadStale(stale, { deals: reload, parties: () => setPartiesVersion((v) => v + 1) });
  const maker = holds(session.roles, "officer") || holds(session.roles, "admin");
  return (
    <>
      <ErrorBanner error={deals.error} />
      {deals.data && deals.data.items.length === 0 ? <p className="empty">No deal yet.</p> : null}
      {deals.data && deals.data.items.length > 0 ? <DealTable deals={deals.data.items} onOpen={onOpen} /> : null}
      <PartiesTable key={partiesVersion} marked={marked} />
      {maker ? (
        <div className="forms">
          <AddPartnerForm onAdded={() => refresh(STALE.addPartner)} />
          <AddInvestorForm onAdded={() => refresh(STALE.addInvestor)} />
          <NewDealForm onCreated={() => refresh(STALE.createDeal)} />
        </div>
      ) : null}
    </>
  );
}
