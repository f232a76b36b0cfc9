import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type AppError,
  type DailyProgress,
  type DailyRunReport,
  type DistributionView,
  type Items,
  type SessionView,
} from "../bindings";
import { Amount } from "../components/Amount";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { asAppError, unwrap } from "../errors";
import { checkDate, groupDigits } from "../format";
import { holds, newIdempotencyKey } from "../roles";
import { useCommand } from "../useCommand";
import { totalsByCurrency } from "../totals";

type Pending =
  | { kind: "approve"; items: DistributionView[]; reason: string | null }
  | { kind: "post"; items: DistributionView[] }
  | { kind: "cancel"; item: DistributionView; reason: string }
  | { kind: "reverse"; item: DistributionView; reason: string };

/** What a confirmation restates: how many, and how much per currency. */
export function restate(items: DistributionView[]): string {
  const totals = totalsByCurrency(items.map((d) => ({ amount: d.profit, currency: d.currency })));
  const money = totals.map((t) => `${groupDigits(t.amount)} ${t.currency}`).join(" and ");
  const count =
    items.length === 1
      ? `distribution ${items[0].id} (${items[0].deal}, ${items[0].date})`
      : `${items.length} distributions`;
  return `${count}, profit ${money}`;
}

const TITLES: Record<Pending["kind"], string> = {
  approve: "Approve distributions",
  post: "Post to the ledger",
  cancel: "Cancel a distribution",
  reverse: "Reverse a posted distribution",
};

const CONFIRM: Record<Pending["kind"], string> = {
  approve: "Yes, approve",
  post: "Yes, post",
  cancel: "Yes, cancel it",
  reverse: "Yes, prepare the reversal",
};

export function DistributionsSection({ session }: { session: SessionView }) {
  const list = useCommand<Items<DistributionView>>();
  const { run } = list;
  const reload = useCallback(() => void run(() => unwrap(commands.listDistributions(null))), [run]);
  useEffect(reload, [reload]);
  const [selected, setSelected] = useState<number[]>([]);
  const [review, setReview] = useState<number | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const approver = holds(session.roles, "approver");
  const officer = holds(session.roles, "officer");
  const items = list.data?.items ?? [];
  const chosen = items.filter((d) => selected.includes(d.id));

  async function confirm() {
    if (pending === null) {
      return;
    }
    try {
      if (pending.kind === "approve") {
        await unwrap(
          commands.approveDistributions(
            pending.items.map((d) => d.id),
            pending.reason,
            key,
          ),
        );
        setDone(`Approved: ${restate(pending.items)}.`);
      } else if (pending.kind === "post") {
        await unwrap(
          commands.postDistributions(
            pending.items.map((d) => d.id),
            key,
          ),
        );
        setDone(`Posted to the ledger: ${restate(pending.items)}.`);
      } else if (pending.kind === "reverse") {
        const reversal = await unwrap(commands.reverseDistribution(pending.item.id, pending.reason, key));
        setDone(
          `Reversal ${reversal.id} of distribution ${pending.item.id} prepared: a second person approves it, then it is posted.`,
        );
      } else {
        await unwrap(commands.cancelDistribution(pending.item.id, pending.reason, key));
        setDone(`Distribution ${pending.item.id} cancelled.`);
      }
      setError(null);
      setSelected([]);
      setKey(newIdempotencyKey());
      reload();
      setReview(null);
    } catch (failure) {
      setError(asAppError(failure));
    }
    setPending(null);
  }

  function toggle(id: number) {
    setSelected((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  }

  return (
    <>
      {officer ? <DailyRun onRan={reload} /> : null}
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
        <table data-testid="distributions">
          <thead>
            <tr>
              <th>
                <span className="sr-only">Select</span>
              </th>
              <th className="num">#</th>
              <th>Deal</th>
              <th>Date</th>
              <th>Status</th>
              <th className="num">Profit</th>
              <th className="num">Partner</th>
              <th className="num">Platform</th>
              <th className="num">Investor pool</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.status === "prepared" && approver ? (
                    <input
                      type="checkbox"
                      aria-label={`Select distribution ${d.id}`}
                      checked={selected.includes(d.id)}
                      onChange={() => toggle(d.id)}
                    />
                  ) : null}
                </td>
                <td className="num">{d.id}</td>
                <td>
                  {d.deal}
                  {d.kind === "reversal" ? ` (reversal of #${d.reverses_distribution_id})` : ""}
                </td>
                <td>{d.date}</td>
                <td>
                  <StatusBadge status={d.status} /> {d.flagged ? <StatusBadge status="flagged" /> : null}
                </td>
                <Amount value={d.profit} />
                <Amount value={d.partner_commission} />
                <Amount value={d.platform_fee} />
                <Amount value={d.investor_pool} currency={d.currency} />
                <td>
                  <button type="button" onClick={() => setReview(d.id)} aria-label={`Review distribution ${d.id}`}>
                    Review
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {review !== null ? (
        <Review id={review} session={session} onAct={(p) => setPending(p)} onClose={() => setReview(null)} />
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={TITLES[pending.kind]}
          confirmLabel={CONFIRM[pending.kind]}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          {pending.kind === "cancel" || pending.kind === "reverse" ? (
            <p>
              {pending.kind === "cancel" ? "Cancel" : "Prepare the reversal of"} {restate([pending.item])}? Reason: “
              {pending.reason}”.
            </p>
          ) : (
            <p>
              {pending.kind === "approve" ? "Approve" : "Post to the ledger"} {restate(pending.items)}?
              {pending.kind === "approve" && pending.reason ? ` Override reason: “${pending.reason}”.` : ""}
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function Review({
  id,
  session,
  onAct,
  onClose,
}: {
  id: number;
  session: SessionView;
  onAct: (p: Pending) => void;
  onClose: () => void;
}) {
  const view = useCommand<DistributionView>();
  const { run } = view;
  useEffect(() => void run(() => unwrap(commands.showDistribution(id))), [run, id]);
  const [reason, setReason] = useState("");
  const [cancelReason, setCancelReason] = useState("");
  const [reverseReason, setReverseReason] = useState("");
  const d = view.data;
  const approver = holds(session.roles, "approver");
  const poster = approver || holds(session.roles, "officer");
  return (
    <section className="review" aria-labelledby="review-title" data-testid="review">
      <h2 id="review-title">Review of distribution {id}</h2>
      <ErrorBanner error={view.error} />
      {d ? (
        <>
          <table className="calculation" data-testid="calculation">
            <tbody>
              <tr>
                <th>Deal, date</th>
                <td>
                  {d.deal}, {d.date}
                </td>
              </tr>
              {d.kind === "reversal" ? (
                <tr>
                  <th>Reverses</th>
                  <td>
                    distribution {d.reverses_distribution_id}: “{d.correction_reason}”
                  </td>
                </tr>
              ) : null}
              <tr>
                <th>Status</th>
                <td>
                  <StatusBadge status={d.status} /> prepared by {d.prepared_by}
                  {d.approved_by ? `, approved by ${d.approved_by}` : ""}
                  {d.posted_by ? `, posted by ${d.posted_by} (entry ${d.journal_entry_id})` : ""}
                </td>
              </tr>
              <tr>
                <th>Value</th>
                <Amount value={d.value} currency={d.currency} />
              </tr>
              <tr>
                <th>High-water mark</th>
                <Amount value={d.high_water_mark} currency={d.currency} />
              </tr>
              <tr>
                <th>Profit</th>
                <Amount value={d.profit} currency={d.currency} />
              </tr>
              <tr>
                <th>Partner commission ({d.partner_commission_rate})</th>
                <Amount value={d.partner_commission} currency={d.currency} />
              </tr>
              <tr>
                <th>Platform fee ({d.platform_fee_rate})</th>
                <Amount value={d.platform_fee} currency={d.currency} />
              </tr>
              <tr>
                <th>Investor pool</th>
                <Amount value={d.investor_pool} currency={d.currency} />
              </tr>
            </tbody>
          </table>
          {d.flagged ? (
            <p className="banner banner-conflict" role="note">
              Flagged by the circuit breaker: the value moved beyond the deal's threshold. Approving it needs an
              override reason, which goes on the audit log.
              {d.override_reason ? ` Override: “${d.override_reason}”.` : ""}
            </p>
          ) : null}
          <table data-testid="shares">
            <thead>
              <tr>
                <th>Investor</th>
                <th className="num">Investment</th>
                <th className="num">Share</th>
                <th className="num">Amount</th>
                <th>Payout</th>
              </tr>
            </thead>
            <tbody>
              {d.shares.map((s) => (
                <tr key={s.investment_id}>
                  <td>{s.investor}</td>
                  <Amount value={s.investment} />
                  <td className="num">{s.share_percent}</td>
                  <Amount value={s.amount} currency={d.currency} />
                  <td>
                    <StatusBadge status={s.payout_status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="toolbar">
            {approver && d.status === "prepared" && d.prepared_by !== session.user ? (
              <>
                {d.flagged ? (
                  <label>
                    Override reason
                    <input name="override-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                  </label>
                ) : null}
                <button
                  type="button"
                  className="primary"
                  disabled={d.flagged && reason.trim() === ""}
                  onClick={() => onAct({ kind: "approve", items: [d], reason: d.flagged ? reason.trim() : null })}
                >
                  Approve…
                </button>
              </>
            ) : null}
            {poster && d.status === "approved" ? (
              <button type="button" className="primary" onClick={() => onAct({ kind: "post", items: [d] })}>
                Post to the ledger…
              </button>
            ) : null}
            {(d.status === "prepared" || d.status === "approved") && poster ? (
              <>
                <label>
                  Cancel reason
                  <input name="cancel-reason" value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} />
                </label>
                <button
                  type="button"
                  disabled={cancelReason.trim() === ""}
                  onClick={() => onAct({ kind: "cancel", item: d, reason: cancelReason.trim() })}
                >
                  Cancel…
                </button>
              </>
            ) : null}
            {holds(session.roles, "officer") &&
            d.status === "posted" &&
            d.kind === "distribution" &&
            !d.shares.some((s) => s.payout_status === "reversed") ? (
              <>
                <label>
                  Reason for the correction
                  <input
                    name="reverse-reason"
                    value={reverseReason}
                    onChange={(e) => setReverseReason(e.target.value)}
                  />
                </label>
                <button
                  type="button"
                  disabled={reverseReason.trim() === ""}
                  onClick={() => onAct({ kind: "reverse", item: d, reason: reverseReason.trim() })}
                >
                  Reverse…
                </button>
              </>
            ) : null}
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
          {approver && d.status === "prepared" && d.prepared_by === session.user ? (
            <p className="hint">You prepared this distribution, so a second person approves it.</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function DailyRun({ onRan }: { onRan: () => void }) {
  const [date, setDate] = useState("");
  const [progress, setProgress] = useState<DailyProgress | null>(null);
  const run = useCommand<DailyRunReport>();
  const [key, setKey] = useState(newIdempotencyKey);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = date === "" ? "a date is required" : checkDate(date);
    if (problem !== null) {
      void run.run(() => Promise.reject({ code: "validation", message: `date: ${problem}` }));
      return;
    }
    const onProgress = new Channel<DailyProgress>();
    onProgress.onmessage = setProgress;
    setProgress(null);
    const report = await run.run(() => unwrap(commands.runDaily(date, key, onProgress)));
    if (report !== null) {
      setKey(newIdempotencyKey());
      onRan();
    }
  }
  const r = run.data;
  return (
    <section aria-labelledby="daily-title">
      <h2 id="daily-title">Daily run</h2>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <label>
          Prepare every active deal's distribution for
          <input name="daily-date" value={date} onChange={(e) => setDate(e.target.value)} placeholder="YYYY-MM-DD" />
        </label>
        <button type="submit" disabled={run.busy}>
          {run.busy ? "Running…" : "Run"}
        </button>
        {run.busy && progress ? (
          <label className="progress">
            {progress.done} of {progress.total} deals
            <progress value={progress.done} max={Math.max(progress.total, 1)} />
          </label>
        ) : null}
      </form>
      <ErrorBanner error={run.error} />
      {r ? (
        <div data-testid="daily-report">
          <p>
            {r.date}: {r.deals} active {r.deals === 1 ? "deal" : "deals"}, {r.prepared.length} prepared,{" "}
            {r.skipped.length} skipped. Approving them is a second person's act.
          </p>
          {r.skipped.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th>Skipped deal</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {r.skipped.map((s) => (
                  <tr key={s.deal_id}>
                    <td>{s.deal}</td>
                    <td>{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
