import { useEffect, useState } from "react";
import type { BankAccountView, BankReconciliationView, Items, OpenOnAccount, ReconciliationWritten } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { TableHead, num } from "../components/TableHead";
import { groupDigits } from "../format";
import { useCommand } from "../useCommand";
import { bankReconciliation, chooseFolder, listBankAccounts, writeBankReconciliation } from "./queries";

const RULES = ["Rule", "Outcome", num("Matches"), num("Lines"), num("Amount")];
const LINES = [num("Line"), "Booked", "Kind", "Reference", num("Amount")];
const ITEMS = [num("Item"), num("Batch"), "Sent", "EndToEndId", num("Amount")];
const REMITTANCES = [num("Remittance"), "Remitted", "Reference", num("Amount")];
const WAITING = [num("Resolution"), num("Line"), "Resolved as", "By", "Reason", num("Amount"), "Review"];
const RECENT = [num("Match"), "Rule", "Outcome", "Lines", "Settles", num("Amount"), "By"];

/**
 * Bank reconciliation: an account's newest statement against the ledger's `bank:{id}`, what
 * each rule matched, the newest matches, and what is open on both sides; written as a PDF
 * report or as CSV. Statements are imported, matched and resolved from the command line.
 */
export function ReconciliationPanel({ version }: { version: number }) {
  const banks = useCommand<Items<BankAccountView>>();
  const view = useCommand<BankReconciliationView>();
  const written = useCommand<ReconciliationWritten | null>();
  const [bank, setBank] = useState("");
  const { run: runBanks } = banks;
  useEffect(() => void runBanks(listBankAccounts), [runBanks]);
  const { run: runView, setData: clearView } = view;
  // Read again when another account is chosen, and after an act on a batch (`version`).
  useEffect(() => {
    if (bank === "") {
      clearView(null);
      return;
    }
    void runView(() => bankReconciliation(bank));
  }, [bank, version, runView, clearView]);

  function pick(name: string) {
    setBank(name);
    written.setData(null);
  }

  async function write(file: "pdf" | "csv") {
    await written.run(async () => {
      const folder = await chooseFolder(
        file === "pdf" ? "Write the reconciliation report into" : "Export the reconciliation into",
      );
      return folder === null ? null : writeBankReconciliation(bank, folder, file);
    });
  }

  const shown = view.data;
  return (
    <section aria-labelledby="reconciliation-title" data-testid="reconciliation">
      <h2 id="reconciliation-title">Bank reconciliation</h2>
      <ErrorBanner error={banks.error ?? view.error ?? written.error} />
      <Notice text={written.data ? `${written.data.report_id} written to ${written.data.file}` : null} />
      <div className="toolbar">
        <label>
          Account{" "}
          <select name="reconciliation-bank" value={bank} onChange={(e) => pick(e.target.value)}>
            <option value="">Choose an account</option>
            {(banks.data?.items ?? []).map((b) => (
              <option key={b.id} value={b.name}>
                {b.name} ({b.currency}, {b.account_number})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void write("pdf")} disabled={shown === null || written.busy}>
          Write PDF…
        </button>
        <button type="button" onClick={() => void write("csv")} disabled={shown === null || written.busy}>
          Export CSV…
        </button>
      </div>
      {shown ? <Reconciliation view={shown} /> : null}
    </section>
  );
}

function Reconciliation({ view }: { view: BankReconciliationView }) {
  const ccy = view.currency;
  return (
    <>
      <dl className="facts" data-testid="reconciliation-balances">
        <dt>Ledger {view.ledger_account}</dt>
        <dd>
          {groupDigits(view.ledger_balance)} {ccy}
        </dd>
        <dt>Statement</dt>
        <dd>
          {view.statement_ref === null
            ? "none imported"
            : view.statement_closing === null
              ? `${view.statement_ref}: no closing balance given`
              : `${view.statement_ref}: closing ${groupDigits(view.statement_closing)} ${ccy}`}
        </dd>
        {view.difference === null ? null : (
          <>
            <dt>Statement less ledger</dt>
            <dd>
              {groupDigits(view.difference)} {ccy}
            </dd>
          </>
        )}
      </dl>
      <h3>Matched, by rule</h3>
      {view.matched.length === 0 ? (
        <p className="empty">Nothing is matched yet: run `prorata reconcile bank`.</p>
      ) : (
        <table data-testid="reconciliation-rules">
          <TableHead columns={RULES} />
          <tbody>
            {view.matched.map((m) => (
              <tr key={`${m.rule}-${m.outcome}`}>
                <td>{m.label}</td>
                <td>{m.outcome}</td>
                <td className="num">{m.matches}</td>
                <td className="num">{m.lines}</td>
                <Amount value={m.amount} currency={ccy} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OpenTables
        open={view.open}
        totals={[view.open_lines_total, view.open_items_total, view.open_remittances_total]}
      />
      <Recent view={view} />
    </>
  );
}

function OpenTables({ open, totals }: { open: OpenOnAccount; totals: [string, string, string] }) {
  const ccy = open.currency;
  return (
    <>
      <h3>
        Statement lines nothing settles{" "}
        <span className="hint">
          ({open.lines.length}, {groupDigits(totals[0])} {ccy})
        </span>
      </h3>
      {open.lines.length === 0 ? (
        <p className="empty">Every booked line is matched or waits for review.</p>
      ) : (
        <table data-testid="reconciliation-open-lines">
          <TableHead columns={LINES} />
          <tbody>
            {open.lines.map((l) => (
              <tr key={l.id}>
                <td className="num">{l.id}</td>
                <td>{l.booked_on ?? ""}</td>
                <td>{l.kind}</td>
                <td className="code">{l.end_to_end_id ?? l.bank_reference ?? ""}</td>
                <Amount value={l.amount} currency={ccy} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>
        Payments sent, not confirmed{" "}
        <span className="hint">
          ({open.items.length}, {groupDigits(totals[1])} {ccy})
        </span>
      </h3>
      {open.items.length === 0 ? (
        <p className="empty">Every payment sent is confirmed.</p>
      ) : (
        <table data-testid="reconciliation-open-items">
          <TableHead columns={ITEMS} />
          <tbody>
            {open.items.map((i) => (
              <tr key={i.id}>
                <td className="num">{i.id}</td>
                <td className="num">{i.batch_id}</td>
                <td>{i.sent_at?.slice(0, 10) ?? ""}</td>
                <td className="code">{i.reference}</td>
                <Amount value={i.amount} currency={ccy} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>
        Remittances no credit settled{" "}
        <span className="hint">
          ({open.remittances.length}, {groupDigits(totals[2])} {ccy})
        </span>
      </h3>
      {open.remittances.length === 0 ? (
        <p className="empty">Every remittance is settled by a credit.</p>
      ) : (
        <table data-testid="reconciliation-open-remittances">
          <TableHead columns={REMITTANCES} />
          <tbody>
            {open.remittances.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td>{r.remitted_on}</td>
                <td className="code">{r.reference ?? ""}</td>
                <Amount value={r.amount} currency={ccy} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Waiting open={open} />
    </>
  );
}

function Waiting({ open }: { open: OpenOnAccount }) {
  if (open.pending_resolutions.length === 0) {
    return null;
  }
  return (
    <>
      <h3>Resolved by hand, waiting for an approver</h3>
      <table data-testid="reconciliation-waiting">
        <TableHead columns={WAITING} />
        <tbody>
          {open.pending_resolutions.map((r) => (
            <tr key={r.id}>
              <td className="num">{r.id}</td>
              <td className="num">{r.line_id}</td>
              <td>
                {r.item_id !== null
                  ? `payout item ${r.item_id}`
                  : r.remittance_id !== null
                    ? `remittance ${r.remittance_id}`
                    : "set aside"}
              </td>
              <td>{r.resolved_by}</td>
              <td>{r.reason}</td>
              <Amount value={r.amount} currency={r.currency} />
              <td>
                {r.review.allowed ? `yours to review: prorata reconcile review ${r.id}` : (r.review.reason ?? "")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Recent({ view }: { view: BankReconciliationView }) {
  if (view.recent.length === 0) {
    return null;
  }
  const settles = (items: number[], remittances: number[]) =>
    [...items.map((i) => `item ${i}`), ...remittances.map((r) => `remittance ${r}`)].join(", ") || "set aside";
  return (
    <>
      <h3>The newest matches</h3>
      <table data-testid="reconciliation-recent">
        <TableHead columns={RECENT} />
        <tbody>
          {view.recent.map((m) => (
            <tr key={m.id}>
              <td className="num">{m.id}</td>
              <td>{m.label}</td>
              <td>{m.outcome}</td>
              <td>{m.lines.join(", ")}</td>
              <td>
                {m.reason === null
                  ? settles(m.items, m.remittances)
                  : `${settles(m.items, m.remittances)}: ${m.reason}`}
              </td>
              <Amount value={m.amount} currency={view.currency} />
              <td>{m.matched_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
