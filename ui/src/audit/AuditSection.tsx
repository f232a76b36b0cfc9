import { useEffect, useState, type FormEvent } from "react";
import { commands, type AuditEntryView, type ChainView, type Items } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { unwrap } from "../errors";
import { auditTime, checkDate } from "../format";
import { useCommand } from "../useCommand";

/** Shows a before/after value of an audit record compactly, on one line. */
function change(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

export function AuditSection() {
  const [since, setSince] = useState("");
  const [actor, setActor] = useState("");
  const chain = useCommand<ChainView>();
  const log = useCommand<Items<AuditEntryView>>();
  const { run } = log;

  useEffect(() => {
    void run(() => unwrap(commands.auditLog(null, null)));
  }, [run]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(since);
    if (problem !== null) {
      void run(() => Promise.reject({ code: "validation", message: `since: ${problem}` }));
      return;
    }
    void run(() => unwrap(commands.auditLog(since === "" ? null : since, actor.trim() === "" ? null : actor.trim())));
  }

  return (
    <>
      <section aria-labelledby="chain-title">
        <h2 id="chain-title">Hash chain</h2>
        <p className="hint">
          Every record carries the SHA-256 of the one before it. Verifying recomputes the whole chain and names the
          first record that was changed or removed.
        </p>
        <div className="toolbar">
          <button
            type="button"
            onClick={() => void chain.run(() => unwrap(commands.verifyAudit()))}
            disabled={chain.busy}
          >
            {chain.busy ? "Verifying…" : "Verify the audit chain"}
          </button>
          {chain.data ? (
            <span data-testid="audit-check">
              <StatusBadge status="intact" /> {chain.data.records} records, every link intact
            </span>
          ) : null}
        </div>
        <ErrorBanner error={chain.error} />
      </section>
      <section aria-labelledby="log-title">
        <h2 id="log-title">Audit log</h2>
        <form className="toolbar" onSubmit={submit}>
          <label>
            Since
            <input value={since} onChange={(e) => setSince(e.target.value)} placeholder="YYYY-MM-DD" />
          </label>
          <label>
            Actor
            <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="user name" />
          </label>
          <button type="submit" disabled={log.busy}>
            Filter
          </button>
        </form>
        <ErrorBanner error={log.error} />
        {log.data ? (
          <table data-testid="audit-log">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Recorded</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Object</th>
                <th>Change</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((entry) => (
                <tr key={entry.id}>
                  <td className="num">{entry.id}</td>
                  <td className="nowrap">{auditTime(entry.recorded_at)}</td>
                  <td>{entry.actor}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.object}</td>
                  <td className="change">
                    {change(entry.before)}
                    {entry.before ? " → " : ""}
                    {change(entry.after)}
                  </td>
                  <td>{entry.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
