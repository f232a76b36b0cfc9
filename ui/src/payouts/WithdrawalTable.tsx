import type { WithdrawalView } from "../bindings";
import { Amount } from "../components/Amount";
import { PartyLink } from "../components/Links";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { auditTime } from "../format";
import { payeeOf, type Act } from "./acts";

const COLUMNS = [num("#"), "Payee", num("Amount"), "To", num("Payee has available"), "Requested", "Status", BLANK];

export interface WithdrawalTableProps {
  items: WithdrawalView[];
  onAct: (act: Act) => void;
}

/** The review queue: each request with its masked bank details, what its payee has available beside it, and what the reviewer may do. */
export function WithdrawalTable({ items, onAct }: WithdrawalTableProps) {
  return (
    <table data-testid="withdrawals">
      <TableHead columns={COLUMNS} />
      <tbody>
        {items.map((w) => (
          <tr key={w.id}>
            <td className="num">{w.id}</td>
            <td>
              <Payee w={w} />
            </td>
            <Amount value={w.amount} currency={w.currency} />
            <td>
              {w.bank_name} <span className="code">{w.bank_account}</span>
            </td>
            <Amount value={w.payee_available} currency={w.currency} />
            <td>
              {w.requested_by}, {auditTime(w.requested_at)}
            </td>
            <td>
              <StatusBadge status={w.status} />
              {w.reject_reason ? <span className="hint"> {w.reject_reason}</span> : null}
            </td>
            <td>
              <RowActions w={w} onAct={onAct} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Payee({ w }: { w: WithdrawalView }) {
  const record = w.payee_record;
  if (record !== null && (record.kind === "investor" || record.kind === "partner")) {
    return <PartyLink kind={record.kind} id={record.id} name={payeeOf(w)} />;
  }
  return <>{w.payee_name}</>;
}

/** What Rust permits the signed-in user to do with the request (`w.permits`); a second-person refusal is said, not hidden. */
function RowActions({ w, onAct }: { w: WithdrawalView; onAct: (act: Act) => void }) {
  const { approve, reject, cancel } = w.permits;
  return (
    <div className="row-actions">
      {approve.allowed ? (
        <button type="button" className="primary" onClick={() => onAct({ kind: "approve_withdrawal", w })}>
          Approve…
        </button>
      ) : null}
      {reject.allowed ? (
        <button type="button" onClick={() => onAct({ kind: "reject_withdrawal", w })}>
          Reject…
        </button>
      ) : null}
      {cancel.allowed ? (
        <button type="button" onClick={() => onAct({ kind: "cancel_withdrawal", w })}>
          Cancel…
        </button>
      ) : null}
      {approve.refused_by === "maker_checker" ? <span className="hint">{approve.reason}.</span> : null}
    </div>
  );
}
