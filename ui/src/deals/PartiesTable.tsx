import { useEffect, useRef, useState } from "react";
import type { Items, PartyView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { BLANK, TableHead, num } from "../components/TableHead";
import type { PartyRef } from "../desk/navigation";
import { useCommand } from "../useCommand";
import { InvestorDocuments } from "../statements/InvestorDocuments";
import { PayablePanel } from "./PayablePanel";
import { InvestorAllocations } from "../events/InvestorAllocations";
import { listInvestors, listPartners } from "./queries";

/** The program's partners and investors, each in a table of its own with the ids the forms also accept. */
export function PartiesTable({ marked }: { marked?: PartyRef }) {
  // The party whose payable is shown: the one a link led to, or the one last asked for.
  const [shown, setShown] = useState<PartyRef | undefined>(marked);
  const partners = useCommand<Items<PartyView>>();
  const investors = useCommand<Items<PartyView>>();
  const runPartners = partners.run;
  const runInvestors = investors.run;
  useEffect(() => {
    void runPartners(listPartners);
    void runInvestors(listInvestors);
  }, [runPartners, runInvestors]);
  const shownName = [
    ...(shown?.kind === "partner" ? (partners.data?.items ?? []) : []),
    ...(shown?.kind === "investor" ? (investors.data?.items ?? []) : []),
  ].find((p) => p.id === shown?.id)?.name;
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
          onShow={(id) => setShown({ kind: "partner", id })}
        />
        <Parties
          title="Investors"
          testId="investors"
          parties={investors.data?.items}
          withEmail
          marked={marked?.kind === "investor" ? marked.id : undefined}
          onShow={(id) => setShown({ kind: "investor", id })}
        />
      </div>
      {shown && shownName !== undefined ? (
        <PayablePanel key={`${shown.kind}-${shown.id}`} party={shown} name={shownName} />
      ) : null}
      {shown && shown.kind === "investor" && shownName !== undefined ? (
        <InvestorDocuments key={`documents-${shown.id}`} investor={shown.id} name={shownName} />
      ) : null}
      {shown && shown.kind === "investor" ? (
        <InvestorAllocations key={`allocations-${shown.id}`} investor={shown.id} />
      ) : null}
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
  /** Shows what the program owes the party with this id. */
  onShow: (id: number) => void;
}

function Parties({ title, testId, parties, withEmail, marked, onShow }: PartiesProps) {
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
          <TableHead columns={[num(`${one} id`), "Name", ...(withEmail ? ["E-mail"] : []), BLANK]} />
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
                <td>
                  <button type="button" onClick={() => onShow(p.id)} aria-label={`What is owed to ${p.name}`}>
                    Owed
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
