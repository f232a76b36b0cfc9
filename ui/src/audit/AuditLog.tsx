import { useEffect, useState, type FormEvent } from "react";
import type { AuditEntryView, Items } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField, Field } from "../components/Field";
import { checkDate } from "../format";
import { useCommand } from "../useCommand";
import { AuditLogTable } from "./AuditLogTable";
import { auditLog } from "./queries";

export function AuditLog() {
  const [since, setSince] = useState("");
  const [actor, setActor] = useState("");
  const log = useCommand<Items<AuditEntryView>>();
  const { run } = log;

  useEffect(() => {
    void run(() => auditLog(null, null));
  }, [run]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkDate(since);
    if (problem !== null) {
      void run(() => Promise.reject({ code: "validation", message: `since: ${problem}` }));
      return;
    }
    void run(() => auditLog(since === "" ? null : since, actor.trim() === "" ? null : actor.trim()));
  }

  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Audit log</h2>
      <form className="toolbar" onSubmit={submit}>
        <DateField label="Since" value={since} onChange={setSince} />
        <Field label="Actor" value={actor} onChange={setActor} placeholder="user name" />
        <button type="submit" disabled={log.busy}>
          Filter
        </button>
      </form>
      <ErrorBanner error={log.error} />
      {log.data ? <AuditLogTable entries={log.data.items} /> : null}
    </section>
  );
}
