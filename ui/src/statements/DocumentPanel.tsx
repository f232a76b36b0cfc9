import { useEffect, useState } from "react";
import type { DocumentView } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { useCommand } from "../useCommand";
import { aboutOf } from "./DocumentTable";
import { PdfPreview } from "./PdfPreview";
import { chooseFolder, saveStatement, statementPdf } from "./queries";

/** One issued document: what it is, its pages as issued, and saving or printing it. */
export function DocumentPanel({ document, onClose }: { document: DocumentView; onClose: () => void }) {
  const pdf = useCommand<Uint8Array>();
  const save = useCommand<string | null>();
  const [saved, setSaved] = useState<string | null>(null);
  const { run } = pdf;
  useEffect(() => void run(() => statementPdf(document.id)), [run, document.id]);
  async function saveIt() {
    setSaved(null);
    const path = await save.run(async () => {
      const folder = await chooseFolder(`Save ${document.document_id} in`);
      return folder === null ? null : saveStatement(document.id, folder);
    });
    if (path) {
      setSaved(`Saved as ${path}`);
    }
  }
  return (
    <section className="review document-panel" aria-labelledby="document-title" data-testid="document-panel">
      <h2 id="document-title">{document.document_id}</h2>
      <p>
        {aboutOf(document)}. Issued on {document.issued_on} by {document.issued_by}; {document.pages} page(s), SHA-256{" "}
        <span className="code">{document.sha256}</span>.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void saveIt()} disabled={save.busy}>
          Save…
        </button>
        <button type="button" onClick={() => window.print()} disabled={pdf.data === null}>
          Print…
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorBanner error={pdf.error ?? save.error} />
      <Notice text={saved} />
      {pdf.data ? <PdfPreview bytes={pdf.data} title={document.document_id} /> : null}
    </section>
  );
}
