import { useCallback, useEffect, useState } from "react";
import type { AppError, DistributionView, Items, SessionView } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { asAppError } from "../errors";
import { holds } from "../roles";
import { reloadStale, type Stale } from "../stale";
import { useCommand } from "../useCommand";
import { useSubmission } from "../useSubmission";
import { useCodeAsked } from "../authenticator/useCodeAsked";
import { ConfirmActionDialog } from "./ConfirmActionDialog";
import { DailyRun } from "./DailyRun";
import { DistributionTable } from "./DistributionTable";
import { MUTATION, perform, type Pending } from "./pending";
import { STALE, listDistributions, type DistributionsList } from "./queries";
import { Review } from "./Review";

export function DistributionsSection({ session }: { session: SessionView }) {
  const list = useCommand<Items<DistributionView>>();
  const { run } = list;
  const reload = useCallback(() => void run(listDistributions), [run]);
  useEffect(reload, [reload]);
  const refresh = (stale: Stale<DistributionsList>) => reloadStale(stale, { distributions: reload });
  const [selected, setSelected] = useState<number[]>([]);
  const [review, setReview] = useState<number | null>(null);
  // Bumped after an act, so the open review loads again and shows the next step.
  const [reviewVersion, setReviewVersion] = useState(0);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // One key for the act being confirmed: kept if it fails and is confirmed again, renewed once it succeeds.
  const act = useSubmission();
  const codes = useCodeAsked(session.second_factor_required);
  const approver = holds(session.roles, "approver");
  const officer = holds(session.roles, "officer");
  const items = list.data?.items ?? [];
  const chosen = items.filter((d) => selected.includes(d.id));

  async function confirm(code: string | null) {
    if (pending === null) {
      return;
    }
    try {
      setDone(await act.send((key) => perform(pending, key, code)));
      setError(null);
      setSelected([]);
      refresh(STALE[MUTATION[pending.kind]]);
      setReviewVersion((v) => v + 1);
    } catch (failure) {
      const appError = asAppError(failure);
      codes.noteFailure(appError);
      setError(appError);
    }
    setPending(null);
  }

  function toggle(id: number) {
    setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  }

  return (
    <>
      {officer ? <DailyRun onRan={() => refresh(STALE.runDaily)} /> : null}
      <ErrorBanner error={list.error ?? error} />
      <Notice text={done} />
      {approver && chosen.length > 0 ? (
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => setPending({ kind: "approve", items: chosen, reason: null })}
          >
            Approve the {chosen.length} selected…
          </button>
        </div>
      ) : null}
      {items.length === 0 && list.data ? <p className="empty">No distribution yet.</p> : null}
      {items.length > 0 ? (
        <DistributionTable
          items={items}
          selectable={approver}
          selected={selected}
          onToggle={toggle}
          onReview={setReview}
        />
      ) : null}
      {review !== null ? (
        <Review
          key={`${review}-${reviewVersion}`}
          id={review}
          onAct={(p) => setPending(p)}
          onClose={() => setReview(null)}
        />
      ) : null}
      {pending ? (
        <ConfirmActionDialog
          pending={pending}
          codeAsked={codes.asked}
          onConfirm={(code) => void confirm(code)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </>
  );
}
