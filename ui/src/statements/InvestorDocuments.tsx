import { useEffect, useState } from "react";
import type { DocumentView, Items } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { useCommand } from "../useCommand";
import { DocumentPanel } from "./DocumentPanel";
import { DocumentTable } from "./DocumentTable";
import { listStatements } from "./queries";

/** An investor's statements and notices, on their page. */
export function InvestorDocuments({ investor, name }: { investor: number; name: string }) {
  const list = useCommand<Items<DocumentView>>();
  const [open, setOpen] = useState<DocumentView | null>(null);
  const { run } = list;
  useEffect(() => void run(() => listStatements(investor)), [run, investor]);
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="investor-documents-title" className="review" data-testid="investor-documents">
      <h2 id="investor-documents-title">Statements and notices of {name}</h2>
      <ErrorBanner error={list.error} />
      {list.data && items.length === 0 ? <p className="empty">None has been issued to {name} yet.</p> : null}
      {items.length > 0 ? <DocumentTable items={items} onOpen={setOpen} /> : null}
      {open ? <DocumentPanel key={open.id} document={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
