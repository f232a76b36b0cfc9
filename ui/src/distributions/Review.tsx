import { useEffect } from "react";
import type { DistributionView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { useCommand } from "../useCommand";
import { CalculationTable } from "./CalculationTable";
import type { Pending } from "./pending";
import { showDistribution } from "./queries";
import { ReviewActions } from "./ReviewActions";
import { SharesTable } from "./SharesTable";

export interface ReviewProps {
  id: number;
  onAct: (p: Pending) => void;
  onClose: () => void;
}

/** One distribution's whole calculation and its investors' shares, with what the reviewer may do to it. */
export function Review({ id, onAct, onClose }: ReviewProps) {
  const view = useCommand<DistributionView>();
  const { run } = view;
  useEffect(() => void run(() => showDistribution(id)), [run, id]);
  const d = view.data;
  return (
    <section className="review" aria-labelledby="review-title" data-testid="review">
      <h2 id="review-title">Review of distribution {id}</h2>
      <ErrorBanner error={view.error} />
      {d ? (
        <>
          <CalculationTable d={d} />
          {d.flagged ? (
            <p className="banner banner-conflict" role="note" data-testid="flagged-because">
              Flagged by the circuit breaker: {d.flagged_because ?? "the value moved beyond the deal's threshold"}.
              Approving it needs an override reason, which goes on the audit log.
              {d.override_reason ? ` Override: “${d.override_reason}”.` : ""}
            </p>
          ) : null}
          <SharesTable d={d} />
          <ReviewActions d={d} onAct={onAct} onClose={onClose} />
        </>
      ) : null}
    </section>
  );
}
