import { useEffect, useRef } from "react";
import type { Items, PartyView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { TableHead, num } from "../components/TableHead";
import type { PartyRef } from "../desk/navigation";
import { useCommand } from "../useCommand";
import { listInvestors, listPartners } from "./queries";

/** The program's partners and investors, each in a table of its own with the ids the forms also accept. */
export function PartiesTable({ marked }: { marked?: PartyRef }) {
  const partners = useCommand<Items<PartyView>>();
  const investors = useCommand<Items<PartyView>>();
  const runPartners = partners.run;
  const runInvestors = investors.run;
  useEffect(() => {
    void runPartners(listPartners);
    void runInvestors(listInvestors);
  }, [runPartners, runInvestors]);
  return (
    <>
      <ErrorBanner error={partners.error ?? investors.error} />
      <div className="row">
        <Parties
          title="Partners"
          testId="partners"
          parties={partners.data?.items}
          withEmail={false}
          marked={marked?.kind === "partner" ? marked.id : undefined}
        />
        <Parties
          title="Investors"
          testId="investors"
          parties={investors.data?.items}
          withEmail
          marked={marked?.kind === "investor" ? marked.id : undefined}
        />
      </div>
    </>
  );
}

interface PartiesProps {
  title: "Partners" | "Investors";
  testId: string;
  parties: PartyView[] | undefined;
  withEmail: boolean;
  /** The id of the party a link led to. */
  marked?: number;
}

function Parties({ title, testId, parties, withEmail, marked }: PartiesProps) {
  const id = `${testId}-title`;
  const markedRow = useRef<HTMLTableRowElement>(null);
  const loaded = parties !== undefined;
  useEffect(() => {
    // A link led here: the row it names is brought into view and takes focus.
    markedRow.current?.scrollIntoView?.({ block: "center" });
    markedRow.current?.focus();
  }, [loaded, marked]);
  const one = title === "Partners" ? "Partner" : "Investor";
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {parties && parties.length === 0 ? <p className="empty">No {one.toLowerCase()} yet.</p> : null}
      {parties && parties.length > 0 ? (
        <table data-testid={testId}>
          <TableHead columns={[num(`${one} id`), "Name", ...(withEmail ? ["E-mail"] : [])]} />
          <tbody>
            {parties.map((p) => (
              <tr
                key={p.id}
                ref={p.id === marked ? markedRow : undefined}
                className={p.id === marked ? "highlight" : undefined}
                aria-current={p.id === marked ? "true" : undefined}
                tabIndex={p.id === marked ? -1 : undefined}
              >
                <td className="num">{p.id}</td>
                <td>{p.name}</td>
                {withEmail ? <td>{p.email ?? ""}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
