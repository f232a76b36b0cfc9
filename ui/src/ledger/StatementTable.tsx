import type { AccountStatementView } from "../bindings";
import { Amount } from "../components/Amount";
import { TableHead, num } from "../components/TableHead";
import { entryKind } from "../format";

/** One account's postings in date order, each with the balance after it. */
export function StatementTable({ view }: { view: AccountStatementView }) {
  return (
    <table data-testid="statement">
      <caption>
        <code>{view.account}</code> in {view.currency}, normally a {view.normal_side} balance
      </caption>
      <TableHead columns={["Date", "Entry", "Kind", "Description", num("Debit"), num("Credit"), num("Balance")]} />
      <tbody>
        {view.lines.length === 0 ? (
          <tr>
            <td colSpan={7} className="empty">
              No postings in this period.
            </td>
          </tr>
        ) : null}
        {view.lines.map((line, index) => (
          <tr key={`${line.entry_id}-${index}`}>
            <td>{line.date}</td>
            <td className="num">{line.entry_id}</td>
            <td>{entryKind(line.kind)}</td>
            <td>{line.description}</td>
            <Amount value={line.debit} />
            <Amount value={line.credit} />
            <Amount value={line.balance} currency={view.currency} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
