import { useCallback, useEffect, useState } from "react";
import type { HoldingsView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateField } from "../components/Field";
import { TableHead, num } from "../components/TableHead";
import { reloadStale } from "../stale";
import { useCommand } from "../useCommand";
import { STALE, unitHoldings } from "./queries";
import { UnitMovementForm } from "./UnitMovementForm";

/** A deal's LP units: who holds them, now or at the end of a day, and the register's movements. */
export function UnitRegister({ deal }: { deal: number }) {
  const [asOf, setAsOf] = useState("");
  const holdings = useCommand<HoldingsView>();
  const { run } = holdings;
  const reload = useCallback(() => void run(() => unitHoldings(deal, asOf === "" ? null : asOf)), [run, deal, asOf]);
  useEffect(reload, [reload]);
  const view = holdings.data;
  return (
    <section aria-labelledby="units-title" data-testid="unit-register">
      <h2 id="units-title">LP units</h2>
      <div className="toolbar">
        <DateField
          label="Held at the end of (empty: now)"
          calendarLabel="Calendar for the holdings' day"
          name="units-as-of"
          value={asOf}
          onChange={setAsOf}
        />
      </div>
      <ErrorBanner error={holdings.error} />
      {view && view.items.length === 0 ? (
        <p className="empty">No units are held{view.as_of ? ` at the end of ${view.as_of}` : ""}.</p>
      ) : null}
      {view && view.items.length > 0 ? (
        <table data-testid="holdings">
          <TableHead columns={["Investor", num("Units"), num("Part of all")]} />
          <tbody>
            {view.items.map((h) => (
              <tr key={h.investor_id}>
                <td>{h.investor}</td>
                <td className="num">{h.units}</td>
                <td className="num">{h.ownership_percent}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All units</th>
              <td className="num">{view.total_units}</td>
              <td className="num">100%</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
      {view?.permits.move_units.allowed ? (
        <UnitMovementForm deal={deal} onMoved={() => reloadStale(STALE.moveUnits, { holdings: reload })} />
      ) : null}
    </section>
  );
}
