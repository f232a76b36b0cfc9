import { useCallback, useEffect, useState } from "react";
import type { DocumentView, Items, StatementPermits } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { reloadStale } from "../stale";
import { useCommand } from "../useCommand";
import { DocumentPanel } from "./DocumentPanel";
import { DocumentTable } from "./DocumentTable";
import { ExportForm } from "./ExportForm";
import { IssueStatementForm } from "./IssueStatementForm";
import { MonthRun } from "./MonthRun";
import { STALE, listStatements, statementPermits } from "./queries";

/** Investor statements and notices: issued one at a time or a month at once, opened, saved, printed and e-mailed. */
export function StatementsSection() {
  const list = useCommand<Items<DocumentView>>();
  const permits = useCommand<StatementPermits>();
  const [open, setOpen] = useState<DocumentView | null>(null);
  const { run } = list;
  const reload = useCallback(() => void run(() => listStatements(null)), [run]);
  useEffect(reload, [reload]);
  const loadPermits = permits.run;
  useEffect(() => void loadPermits(statementPermits), [loadPermits]);
  const items = list.data?.items ?? [];
  const can = permits.data;
  return (
    <>
      {can?.issue.allowed ? (
        <>
          <IssueStatementForm
            onIssued={(d) => {
              reloadStale(STALE.issueStatement, { documents: reload });
              setOpen(d);
            }}
          />
          <MonthRun canSend={can.send.allowed} onRan={() => reloadStale(STALE.issuePeriod, { documents: reload })} />
        </>
      ) : null}
      {can && !can.issue.allowed ? (
        <p className="hint">{can.issue.reason}: you can open, save and print what was issued.</p>
      ) : null}
      <ErrorBanner error={list.error ?? permits.error} />
      {open ? <DocumentPanel key={open.id} document={open} onClose={() => setOpen(null)} /> : null}
      <h2>Issued</h2>
      {list.data && items.length === 0 ? <p className="empty">No statement or notice has been issued yet.</p> : null}
      {items.length > 0 ? <DocumentTable items={items} onOpen={setOpen} /> : null}
      <ExportForm />
    </>
  );
}
