import { useCallback, useEffect, useState } from "react";
import type { DealEventsView } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { DraftEventForm } from "./DraftEventForm";
import { EventPage } from "./EventPage";
import { dealEvents } from "./queries";

/** A deal's LP distribution events: their history with each payment position, one opened, and a new one drafted. */
export function EventsPanel({ deal, codeAsked = false }: { deal: number; codeAsked?: boolean }) {
  const events = useCommand<DealEventsView>();
  const { run } = events;
  const reload = useCallback(() => void run(() => dealEvents(deal)), [run, deal]);
  useEffect(reload, [reload]);
  const [open, setOpen] = useState<number | null>(null);
  const view = events.data;
  return (
    <section aria-labelledby="events-title" data-testid="events-panel">
      <h2 id="events-title">LP distribution events</h2>
      <ErrorBanner error={events.error} />
      {open !== null ? (
        <EventPage id={open} onBack={() => setOpen(null)} onChanged={reload} codeAsked={codeAsked} />
      ) : (
        <>
          {view && view.items.length === 0 ? <p className="empty">No events on this deal yet.</p> : null}
          {view && view.items.length > 0 ? (
            <table data-testid="events">
              <TableHead
                columns={[
                  "Date",
                  "Event",
                  "Type",
                  "Status",
                  num("Total"),
                  num("Withdrawn"),
                  num("Pending"),
                  num("Available"),
                  BLANK,
                ]}
              />
              <tbody>
                {view.items.map((e) => (
                  <tr key={e.id}>
                    <td>{e.distribution_date}</td>
                    <td>{e.title}</td>
                    <td>{e.type}</td>
                    <td>
                      <StatusBadge status={e.status} />
                    </td>
                    <Amount value={e.total} currency={e.currency} />
                    <Amount value={e.totals.withdrawn} />
                    <Amount value={e.totals.pending} />
                    <Amount value={e.totals.available} />
                    <td>
                      <button type="button" onClick={() => setOpen(e.id)} aria-label={`Open ${e.title}`}>
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {view?.draft.allowed ? <DraftEventForm deal={deal} onDrafted={reload} /> : null}
        </>
      )}
    </section>
  );
}
