// The commands the LP events call, and what each act makes stale.

import { commands } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the events show. */
export type EventsList = "events" | "event";

export const dealEvents = (deal: number) => unwrap(commands.dealEvents(deal));
export const showEvent = (id: number) => unwrap(commands.showEvent(id));
export const investorAllocations = (investor: number) => unwrap(commands.investorAllocations(investor));

/** Drafts an event on the deal; amounts as typed, grouped or not. */
export const createEvent = (
  deal: number,
  kind: string,
  title: string,
  description: string | null,
  amount: string,
  date: string,
  key: string,
) => unwrap(commands.createEvent(deal, kind, title, description, amount, date, key));

export const calculateEvent = (id: number, snapshotDate: string | null, key: string) =>
  unwrap(commands.calculateEvent(id, snapshotDate, key));
export const approveEvent = (id: number, code: string | null, key: string) =>
  unwrap(commands.approveEvent(id, code, key));
export const completeEvent = (id: number, key: string) => unwrap(commands.completeEvent(id, key));
export const cancelEvent = (id: number, reason: string, key: string) => unwrap(commands.cancelEvent(id, reason, key));

/** What each act makes stale: the deal's list and the event's page. */
export const STALE = {
  createEvent: ["events"],
  act: ["events", "event"],
} as const satisfies Record<string, Stale<EventsList>>;
