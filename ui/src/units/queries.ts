// The commands a deal's unit register calls, and what each mutation makes stale.

import { commands, type UnitMovementKind } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the register shows. */
export type UnitsList = "holdings";

/** The deal's holdings at the end of `asOf` (YYYY-MM-DD), or now with `null`. */
export const unitHoldings = (deal: number, asOf: string | null) => unwrap(commands.unitHoldings(deal, asOf));

/** Issues, transfers or redeems units; `from` gives them in a transfer. */
export const moveUnits = (
  kind: UnitMovementKind,
  deal: number,
  investor: string,
  from: string | null,
  units: string,
  date: string,
  key: string,
) => unwrap(commands.moveUnits(kind, deal, investor, from, units, date, key));

/** What each mutation makes stale. */
export const STALE = {
  moveUnits: ["holdings"],
} as const satisfies Record<string, Stale<UnitsList>>;
