import { useCallback, useEffect } from "react";
import type { DealDetail } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { ValueChart } from "../components/ValueChart";
import { reloadStale, type Stale } from "../stale";
import { useCommand } from "../useCommand";
import { AddInvestmentForm } from "./AddInvestmentForm";
import { CloseDeal } from "./CloseDeal";
import { DealDistributionsTable } from "./DealDistributionsTable";
import { DealTerms } from "./DealTerms";
import { InvestmentsTable } from "./InvestmentsTable";
import { PerformanceTable } from "./PerformanceTable";
import { PrepareDistributionForm } from "./PrepareDistributionForm";
import { STALE, showDeal } from "./queries";
import { RecordPerformanceForm } from "./RecordPerformanceForm";
import { UnitRegister } from "../units/UnitRegister";
import { EventsPanel } from "../events/EventsPanel";

export interface DealPageProps {
  id: number;
  onBack: () => void;
  /** The program asks for a fresh authenticator code to approve what moves money. */
  codeAsked?: boolean;
}

/** One deal: its terms and value, its performance, investments and distributions, and what may be done to it. */
export function DealPage({ id, onBack, codeAsked = false }: DealPageProps) {
  const detail = useCommand<DealDetail>();
  const { run } = detail;
  const reload = useCallback(() => void run(() => showDeal(id)), [run, id]);
  useEffect(reload, [reload]);
  const refresh = (stale: Stale<"deal">) => reloadStale(stale, { deal: reload });
  const d = detail.data;
  // What may be done to the deal is Rust's answer for the signed-in user.
  const can = d?.deal.permits;
  const deal = d ? String(d.deal.id) : "";
  return (
    <>
      <button type="button" onClick={onBack}>
        ← All deals
      </button>
      <ErrorBanner error={detail.error} />
      {d ? (
        <>
          <DealTerms deal={d.deal} />
          <CloseDeal deal={d.deal} canClose={d.deal.permits.close.allowed} onClosed={() => refresh(STALE.closeDeal)} />
          <ValueChart history={d.history} currency={d.deal.currency} />
          <h2>Performance</h2>
          <PerformanceTable
            performance={d.performance}
            currency={d.deal.currency}
            onVerified={() => refresh(STALE.verifyPerformance)}
          />
          {can?.record_performance.allowed ? (
            <RecordPerformanceForm deal={deal} onRecorded={() => refresh(STALE.recordPerformance)} />
          ) : null}
          <h2>Investments</h2>
          <InvestmentsTable investments={d.investments} currency={d.deal.currency} />
          {can?.invest.allowed ? <AddInvestmentForm deal={deal} onAdded={() => refresh(STALE.invest)} /> : null}
          <UnitRegister deal={d.deal.id} />
          <EventsPanel deal={d.deal.id} codeAsked={codeAsked} />
          <h2>Distributions</h2>
          <DealDistributionsTable distributions={d.distributions} />
          {can?.prepare.allowed ? (
            <PrepareDistributionForm deal={deal} onPrepared={() => refresh(STALE.prepareDistribution)} />
          ) : null}
        </>
      ) : null}
    </>
  );
}
