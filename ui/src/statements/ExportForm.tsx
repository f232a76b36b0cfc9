import { useState, type FormEvent } from "react";
import type { Exported } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { useCommand } from "../useCommand";
import { chooseFolder, exportRecords } from "./queries";

/** The exports Rust writes, with their words. */
const KINDS = [
  { value: "distributions", label: "Distributions" },
  { value: "shares", label: "Shares of distributions" },
  { value: "withdrawals", label: "Withdrawals" },
  { value: "ledger", label: "Ledger postings" },
  { value: "allocations", label: "LP allocations" },
  { value: "events", label: "LP events" },
  { value: "revenue", label: "Community revenue" },
  { value: "revenue-months", label: "Community revenue by month" },
] as const;

/** The program's records as CSV, written into a folder chosen in the system's dialog. */
export function ExportForm() {
  const [kind, setKind] = useState<string>("distributions");
  const exported = useCommand<Exported | null>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await exported.run(async () => {
      const folder = await chooseFolder("Write the export into");
      return folder === null ? null : exportRecords(kind, folder);
    });
  }
  const done = exported.data;
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">Exports (CSV)</h2>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <label>
          Records
          <select name="export-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={exported.busy}>
          Export…
        </button>
      </form>
      <ErrorBanner error={exported.error} />
      <Notice text={done ? `${done.rows} ${done.kind} rows written to ${done.file}` : null} />
    </section>
  );
}
