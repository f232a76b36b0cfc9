import type { DocumentView } from "../bindings";
import { BLANK, TableHead, num } from "../components/TableHead";

/** What a document is about, in words: a statement's investor and period, or a notice's distribution. */
export function aboutOf(d: DocumentView): string {
  if (d.period_from !== null && d.period_to !== null) {
    return `Statement of ${d.investor}, ${d.period_from} to ${d.period_to}, ${d.currency}`;
  }
  return `Notice of distribution ${d.distribution_id ?? ""} to ${d.investor}`;
}

/** The issued statements and notices, each opened in the preview. */
export function DocumentTable({
  items,
  onOpen,
}: {
  items: readonly DocumentView[];
  onOpen: (d: DocumentView) => void;
}) {
  return (
    <table data-testid="documents">
      <TableHead columns={["Document", "About", "Issued", "By", num("Pages"), "SHA-256", BLANK]} />
      <tbody>
        {items.map((d) => (
          <tr key={d.id} data-document={d.document_id}>
            <td className="code">{d.document_id}</td>
            <td>{aboutOf(d)}</td>
            <td>{d.issued_on}</td>
            <td>{d.issued_by}</td>
            <td className="num">{d.pages}</td>
            <td className="code" title={d.sha256}>
              {d.sha256.slice(0, 12)}…
            </td>
            <td>
              <button type="button" onClick={() => onOpen(d)} aria-label={`Open ${d.document_id}`}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
