import type { AccountStatementView } from "../bindings";
import { Amount } from "../components/Amount";
import { RecordLink } from "../components/Links";
import { TableHead, num } from "../components/TableHead";
import { capitalised, entryKind } from "../format";

/**
 * One account's postings in date order, each with the balance after it, between the balance
 * that opens the period and the one that closes it.
 */
export function StatementTable({ view }: { view: AccountStatementView }) {
  const opening = view.from ? `Opening balance, end of the day before ${view.from}` : "Opening balance";
  const closing = view.to ? `Closing balance, end of ${view.to}` : "Closing balance";
  return (
    <>
      <p className="statement-of" data-testid="statement-of">
        <strong>{capitalised(view.name)}</strong> · <code>{view.account}</code> · {view.currency}, normally a{" "}
        {view.normal_side} balance
        {view.owner ? (
          <>
            {" "}
            · {view.owner.kind} <RecordLink record={view.owner} />
          </>
        ) : null}
      </p>
      <table data-testid="statement">
        <caption className="sr-only">
          Statement of {view.name} ({view.account}) in {view.currency}
        </caption>
        <TableHead columns={["Date", "Entry", "Kind", "Description", num("Debit"), num("Credit"), num("Balance")]} />
        <tbody>
          <tr className="total" data-testid="opening">
            <th colSpan={6}>{opening}</th>
            <Amount value={view.opening_balance} currency={view.currency} />
          </tr>
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
          {view.truncated ? (
            <tr>
              <td colSpan={7} className="empty">
                More lines than one statement lists: pick a shorter period to see the rest.
              </td>
            </tr>
          ) : null}
          <tr className="total" data-testid="closing">
            <th colSpan={6}>{closing}</th>
            <Amount value={view.closing_balance} currency={view.currency} />
          </tr>
        </tbody>
      </table>
    </>
  );
}
