import { useEffect } from "react";
import type { Items, PartyView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { listInvestors, listPartners } from "./queries";

/** The program's partners and investors, each in a table of its own with the ids the forms also accept. */
export function PartiesTable() {
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
        <Parties title="Partners" testId="partners" parties={partners.data?.items} withEmail={false} />
        <Parties title="Investors" testId="investors" parties={investors.data?.items} withEmail />
      </div>
    </>
  );
}

interface PartiesProps {
  title: "Partners" | "Investors";
  testId: string;
  parties: PartyView[] | undefined;
  withEmail: boolean;
}

function Parties({ title, testId, parties, withEmail }: PartiesProps) {
  const id = `${testId}-title`;
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
              <tr key={p.id}>
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
