import type { AuditEntryView } from "../bindings";
import { RecordLink } from "../components/Links";
import { TableHead, num } from "../components/TableHead";
import { auditTime } from "../format";
import { changedFields } from "./changes";

/** What a record changed, one field a line: "status: active → disabled". */
function Change({ before, after }: { before: unknown; after: unknown }) {
  return (
    <ul className="changes">
      {changedFields(before, after).map((c) => (
        <li key={c.field}>
          <span className="field">{c.field.replace(/_/g, " ")}</span>:{" "}
          {c.before === null ? c.after : `${c.before} → ${c.after ?? "—"}`}
        </li>
      ))}
    </ul>
  );
}

/** The audit records, in the order Rust gives them, each with what it changed. */
export function AuditLogTable({ entries }: { entries: AuditEntryView[] }) {
  if (entries.length === 0) {
    return (
      <p className="empty" data-testid="audit-log">
        No records match these filters.
      </p>
    );
  }
  return (
    <table data-testid="audit-log">
      <TableHead columns={[num("#"), "Recorded", "Actor", "Action", "Object", "From", "Change", "Reason"]} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td className="num">{entry.id}</td>
            <td className="nowrap">{auditTime(entry.recorded_at)}</td>
            <td>{entry.actor}</td>
            <td>
              <code>{entry.action}</code>
            </td>
            <td>
              {entry.record ? (
                <>
                  {entry.record.kind} <RecordLink record={entry.record} /> (<code>{entry.object}</code>)
                </>
              ) : (
                <code>{entry.object}</code>
              )}
            </td>
            <td className="nowrap">
              {entry.front_end ? `${entry.front_end} on ${entry.workstation ?? ""}` : "before keying"}
            </td>
            <td className="change">
              <Change before={entry.before} after={entry.after} />
            </td>
            <td>{entry.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
