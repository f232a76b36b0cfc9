import { Channel } from "@tauri-apps/api/core";
import { useState, type FormEvent } from "react";
import type { PeriodRunReport, SendReport, StatementProgress } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { Field } from "../components/Field";
import { useCommand } from "../useCommand";
import { useSubmission } from "../useSubmission";
import { chooseFolder, issuePeriod, sendStatements } from "./queries";

/** Every investor's statement of a month, written into a folder the user chooses, with its progress; then e-mailed. */
export function MonthRun({ canSend, onRan }: { canSend: boolean; onRan: () => void }) {
  const [period, setPeriod] = useState("");
  const [progress, setProgress] = useState<StatementProgress | null>(null);
  const run = useCommand<PeriodRunReport | null>();
  const send = useCommand<SendReport>();
  const submission = useSubmission();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const onProgress = new Channel<StatementProgress>();
    onProgress.onmessage = setProgress;
    setProgress(null);
    const report = await run.run(async () => {
      const folder = await chooseFolder(`Write the statements of ${period} into`);
      return folder === null ? null : submission.send((key) => issuePeriod(period, null, folder, key, onProgress));
    });
    if (report) {
      onRan();
    }
  }
  return (
    <section aria-labelledby="month-title">
      <h2 id="month-title">A month's statements</h2>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <Field
          label="Month (YYYY-MM)"
          name="statement-period"
          value={period}
          onChange={setPeriod}
          required
          pattern="[0-9]{4}-[0-9]{2}"
        />
        <button type="submit" disabled={run.busy}>
          {run.busy ? "Issuing…" : "Issue every investor's statement…"}
        </button>
        {canSend ? (
          <button
            type="button"
            disabled={send.busy || period === ""}
            onClick={() => void send.run(() => sendStatements(period))}
          >
            {send.busy ? "Sending…" : "E-mail them"}
          </button>
        ) : null}
        {run.busy && progress ? (
          <label className="progress">
            {progress.done} of {progress.total} payables
            <progress value={progress.done} max={Math.max(progress.total, 1)} />
          </label>
        ) : null}
      </form>
      <ErrorBanner error={run.error ?? send.error} />
      {run.data ? <RunReport report={run.data} /> : null}
      {send.data ? <SendOutcome report={send.data} /> : null}
    </section>
  );
}

function RunReport({ report }: { report: PeriodRunReport }) {
  return (
    <div role="status" data-testid="period-report">
      <p>
        {report.period}: {report.issued.length} issued, {report.reissued.length} issued before and written again,{" "}
        {report.skipped.length} skipped.
      </p>
      {report.skipped.length > 0 ? (
        <ul>
          {report.skipped.map((s) => (
            <li key={`${s.investor_id}-${s.currency}`}>
              {s.investor} ({s.currency}): {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function SendOutcome({ report }: { report: SendReport }) {
  const notSent = [
    ...report.failed.map((n) => ({ ...n, what: "failed" })),
    ...report.skipped.map((n) => ({ ...n, what: "skipped" })),
  ];
  return (
    <div role="status" data-testid="send-report">
      <p>
        {report.period}: {report.sent.length} sent, {report.skipped.length} skipped, {report.failed.length} failed.
      </p>
      {notSent.length > 0 ? (
        <ul>
          {notSent.map((n) => (
            <li key={n.document_id}>
              {n.what} {n.document_id} ({n.investor}): {n.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
