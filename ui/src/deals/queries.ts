// The commands the deals section calls, and what each mutation makes stale.

import { commands, type DealRequest, type PerformanceRequest } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/**
 * The lists the deals section shows: on the list page the deals and the parties (partners and
 * investors); on a deal's page the deal itself, whose terms, performance, investments and
 * distributions are loaded together.
 */
export type DealsList = "deals" | "parties" | "deal";

export const listDeals = () => unwrap(commands.listDeals());
export const listPartners = () => unwrap(commands.listPartners());
export const listInvestors = () => unwrap(commands.listInvestors());
/** What a party's payable holds in each currency: posted, held by pending withdrawals, available. */
export const payeeBalances = (kind: "investor" | "partner", id: number) => unwrap(commands.payeeBalances(kind, id));
export const showDeal = (id: number) => unwrap(commands.showDeal(String(id)));

export const addPartner = (name: string, key: string) => unwrap(commands.addPartner(name, key));

export const addInvestor = (name: string, email: string | null, key: string) =>
  unwrap(commands.addInvestor(name, email, key));

export const createDeal = (deal: DealRequest, key: string) => unwrap(commands.createDeal(deal, key));

export const closeDeal = (deal: string, key: string) => unwrap(commands.closeDeal(deal, key));

export const invest = (deal: string, investor: string, amount: string, date: string, key: string) =>
  unwrap(commands.invest(deal, investor, amount, date, key));

export const recordPerformance = (record: PerformanceRequest, key: string) =>
  unwrap(commands.recordPerformance(record, key));

export const verifyPerformance = (id: number, key: string) => unwrap(commands.verifyPerformance(id, key));

export const prepareDistribution = (deal: string, date: string, key: string) =>
  unwrap(commands.prepareDistribution(deal, date, key));

/** What each mutation makes stale: a new partner or investor shows in the parties table at once. */
export const STALE = {
  addPartner: ["parties"],
  addInvestor: ["parties"],
  createDeal: ["deals", "parties"],
  closeDeal: ["deal"],
  invest: ["deal"],
  recordPerformance: ["deal"],
  verifyPerformance: ["deal"],
  prepareDistribution: ["deal"],
} as const satisfies Record<string, Stale<DealsList>>;
