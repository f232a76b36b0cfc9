import { Channel } from "@tauri-apps/api/core";
import { useState, type FormEvent } from "react";
import type { DailyProgress, DailyRunReport } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField } from "../components/Field";
import { checkDate, today } from "../format";
import { useCommand } from "../useCommand";
import { useSubmission } from "../useSubmission";
import { DailyReport } from "./DailyReport";
import { runDaily } from "./queries";

/** Prepares every active deal's distribution for a day, showing how far it has come. */
export function DailyRun({ onRan }: { onRan: () => void }) {
  const [date, setDate] = useState(today);
  const [progress, setProgress] = useState<DailyProgress | null>(null);
  const run = useCommand<DailyRunReport>();
  const submission = useSubmission();
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
    const report = await run.run(() => submission.send((key) => runDaily(date, key, onProgress)));
    if (report !== null) {
      onRan();
    }
  }
  return (
    <section aria-labelledby="daily-title">
      <h2 id="daily-title">Daily run</h2>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <DateField
          label="Prepare every active deal's distribution for"
          calendarLabel="Calendar for the daily run's day"
          name="daily-date"
          value={date}
          onChange={setDate}
        />
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
      {run.data ? <DailyReport report={run.data} /> : null}
    </section>
  );
}
