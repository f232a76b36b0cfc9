import { useEffect } from "react";
import type { Items, PartyView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { listInvestors, listPartners } from "./queries";

/** The program's partners and investors, with the ids the forms also accept. */
export function PartiesTable() {
  const partners = useCommand<Items<PartyView>>();
  const investors = useCommand<Items<PartyView>>();
  const runPartners = partners.run;
  const runInvestors = investors.run;
  useEffect(() => {
    void runPartners(listPartners);
    void runInvestors(listInvestors);
  }, [runPartners, runInvestors]);
  const rows = [
    ...(partners.data?.items ?? []).map((p) => ({ ...p, role: "partner" })),
    ...(investors.data?.items ?? []).map((p) => ({ ...p, role: "investor" })),
  ];
  return (
    <section aria-labelledby="parties-title">
      <h2 id="parties-title">Partners and investors</h2>
      <ErrorBanner error={partners.error ?? investors.error} />
      {rows.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <table data-testid="parties">
          <TableHead columns={[num("Id"), "Name", "Role", "E-mail"]} />
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.role}-${p.id}`}>
                <td className="num">{p.id}</td>
                <td>{p.name}</td>
                <td>{p.role}</td>
                <td>{p.email ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
