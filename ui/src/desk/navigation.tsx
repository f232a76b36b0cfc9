// Where a link in the window leads: a section, and in it a deal, a party or an account. The
// main screen keeps the current place; links ask it to go elsewhere, and are plain text where
// the signed-in user is not offered the section they lead to.
import { createContext, useContext } from "react";
import type { SectionId } from "./sections";

/** A partner or an investor, by kind and id. */
export interface PartyRef {
  kind: "partner" | "investor";
  id: number;
}

/** An account by code and the currency of its book. */
export interface AccountRef {
  account: string;
  currency: string;
}

export interface Place {
  section: SectionId;
  /** In Deals: the deal whose page opens. */
  deal?: number;
  /** In Deals: the party whose row is shown and marked. */
  party?: PartyRef;
  /** In Ledger: the account whose statement opens. */
  account?: AccountRef;
}

export interface Navigation {
  goTo: (place: Place) => void;
  /** Whether the signed-in user is offered a section. */
  offers: (section: SectionId) => boolean;
}

const NavigationContext = createContext<Navigation>({ goTo: () => {}, offers: () => false });

export const NavigationProvider = NavigationContext.Provider;

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
