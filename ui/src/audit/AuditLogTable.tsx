import type { AuditEntryView } from "../bindings";
import { TableHead, num } from "../components/TableHead";
import { auditTime } from "../format";

/** Shows a before/after value of an audit record compactly, on one line. */
function change(value: unknown): string {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

/** The audit records, in the order Rust gives them, each with what it changed. */
export function AuditLogTable({ entries }: { entries: AuditEntryView[] }) {
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
            <td>{entry.object}</td>
            <td className="nowrap">
              {entry.front_end ? `${entry.front_end} on ${entry.workstation ?? ""}` : "before keying"}
            </td>
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
  );
}
