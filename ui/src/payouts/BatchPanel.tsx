import { useEffect, useState } from "react";
import type { BatchView, Permit } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { Field } from "../components/Field";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { groupDigits } from "../format";
import { useCommand } from "../useCommand";
import type { Act } from "./acts";
import { chooseFolder, showBatch } from "./queries";

export interface BatchPanelProps {
  id: number;
  onAct: (act: Act) => void;
  onClose: () => void;
}

/** One batch: what it pays, from which account, who built and approved it, its items and the files it issued. */
export function BatchPanel({ id, onAct, onClose }: BatchPanelProps) {
  const view = useCommand<BatchView>();
  const { run } = view;
  useEffect(() => void run(() => showBatch(id)), [run, id]);
  const b = view.data;
  return (
    <section className="review" aria-labelledby="batch-title" data-testid="batch">
      <h2 id="batch-title">Payout batch {id}</h2>
      <ErrorBanner error={view.error} />
      {b ? (
        <>
          <dl className="facts" data-testid="batch-facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={b.status} />
            </dd>
            <dt>Payments</dt>
            <dd>{b.count}</dd>
            <dt>Total</dt>
            <dd>
              {groupDigits(b.total)} {b.currency}
            </dd>
            <dt>Paid from</dt>
            <dd>
              {b.bank} <span className="code">{b.bank_account}</span>
            </dd>
            <dt>Built by</dt>
            <dd>{b.created_by}</dd>
            {b.approved_by ? (
              <>
                <dt>Approved by</dt>
                <dd>{b.approved_by}</dd>
              </>
            ) : null}
            {b.reject_reason ? (
              <>
                <dt>Rejected</dt>
                <dd>
                  {b.rejected_by}: {b.reject_reason}
                </dd>
              </>
            ) : null}
            {b.cancel_reason ? (
              <>
                <dt>Cancelled</dt>
                <dd>
                  {b.cancelled_by}: {b.cancel_reason}
                </dd>
              </>
            ) : null}
          </dl>
          <BatchActions b={b} onAct={onAct} />
          <ItemsTable b={b} onAct={onAct} />
          <FilesTable b={b} />
          <div className="toolbar">
            <button type="button" onClick={onClose}>
              Close the batch
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** Why an action is not offered, where the reason is one the user should read: a second person's approval. */
function SecondPerson({ permit }: { permit: Permit }) {
  return permit.refused_by === "maker_checker" ? (
    <p className="hint" data-testid="second-person">
      {permit.reason}.
    </p>
  ) : null;
}

/** What Rust permits the signed-in user to do with the batch (`b.permits`). */
function BatchActions({ b, onAct }: { b: BatchView; onAct: (act: Act) => void }) {
  const [folder, setFolder] = useState("");
  const { submit, approve, reject, cancel, execute } = b.permits;
  async function pick() {
    const chosen = await chooseFolder(`Where to write the files of batch ${b.id}`).catch(() => null);
    if (chosen !== null) {
      setFolder(chosen);
    }
  }
  return (
    <>
      <div className="toolbar">
        {submit.allowed ? (
          <button type="button" className="primary" onClick={() => onAct({ kind: "submit_batch", b })}>
            Submit for approval…
          </button>
        ) : null}
        {approve.allowed ? (
          <button type="button" className="primary" onClick={() => onAct({ kind: "approve_batch", b })}>
            Approve the batch…
          </button>
        ) : null}
        {reject.allowed ? (
          <button type="button" onClick={() => onAct({ kind: "reject_batch", b })}>
            Reject…
          </button>
        ) : null}
        {cancel.allowed ? (
          <button type="button" onClick={() => onAct({ kind: "cancel_batch", b })}>
            Cancel the batch…
          </button>
        ) : null}
      </div>
      <SecondPerson permit={approve} />
      {execute.allowed ? (
        <div className="toolbar" data-testid="execute">
          <Field label="Folder for the bank's files" name="batch-folder" value={folder} onChange={setFolder} />
          <button type="button" onClick={() => void pick()}>
            Choose folder…
          </button>
          <button
            type="button"
            className="primary"
            disabled={folder.trim() === ""}
            onClick={() => onAct({ kind: "execute_batch", b, folder: folder.trim() })}
          >
            {b.status === "executed" ? "Execute again…" : "Execute…"}
          </button>
        </div>
      ) : null}
    </>
  );
}

function ItemsTable({ b, onAct }: { b: BatchView; onAct: (act: Act) => void }) {
  if (b.items.length === 0) {
    return <p className="empty">No withdrawal in this batch.</p>;
  }
  return (
    <table data-testid="batch-items">
      <caption>Payments</caption>
      <TableHead columns={[num("Item"), num("Withdrawal"), "Reference", num("Amount"), "Status", "Bank says", BLANK]} />
      <tbody>
        {b.items.map((item) => (
          <tr key={item.id}>
            <td className="num">{item.id}</td>
            <td className="num">{item.withdrawal_id}</td>
            <td className="code">{item.reference}</td>
            <Amount value={item.amount} currency={b.currency} />
            <td>
              <StatusBadge status={item.status} />
            </td>
            <td>{item.bank_reference ?? item.failure_reason ?? ""}</td>
            <td>
              {item.confirm.allowed ? (
                <div className="row-actions">
                  <button type="button" onClick={() => onAct({ kind: "confirm_paid", b, item })}>
                    Paid…
                  </button>
                  <button type="button" onClick={() => onAct({ kind: "confirm_failed", b, item })}>
                    Failed…
                  </button>
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FilesTable({ b }: { b: BatchView }) {
  if (b.files.length === 0) {
    return null;
  }
  return (
    <table data-testid="batch-files">
      <caption>Files issued to the bank</caption>
      <TableHead columns={["File", num("Bytes"), "SHA-256"]} />
      <tbody>
        {b.files.map((f) => (
          <tr key={f.name}>
            <td>{f.name}</td>
            <td className="num">{groupDigits(String(f.size_bytes))}</td>
            <td className="code hash">{f.sha256}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
