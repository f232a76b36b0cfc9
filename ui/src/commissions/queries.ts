// The commands the commissions section calls. It only reads: schemes, members, transactions,
// affiliates and sales are recorded from the command line (`prorata scheme|member|txn|affiliate|sale …`),
// so nothing it shows goes stale by its own doing.

import { commands } from "../bindings";
import { unwrap } from "../errors";

/** The program's schemes, the root first, each with its depth. */
export const listSchemes = () => unwrap(commands.listSchemes());

/** A scheme's rates: every service by role, each set here, inherited (from whom) or set nowhere. */
export const schemeGrid = (scheme: number) => unwrap(commands.schemeGrid(scheme));

/** A scheme and its ancestors up to the root for a service. */
export const schemeChain = (scheme: number, service: string) => unwrap(commands.schemeChain(scheme, service));

/** The network's members, each after its upline, with its depth. */
export const listNetworkMembers = () => unwrap(commands.listNetworkMembers());

/** A member's transactions: by it, or earning it a part. */
export const listNetworkTransactions = (member: number) => unwrap(commands.listNetworkTransactions(member));

/** A transaction with each upline member's part. */
export const showNetworkTransaction = (id: number) => unwrap(commands.showNetworkTransaction(id));

/** The affiliates' downline tree with each one's figures. */
export const affiliateTree = () => unwrap(commands.affiliateTree());

/** An affiliate's figures, payable, children and commission history. */
export const showAffiliate = (affiliate: number) => unwrap(commands.showAffiliate(affiliate));

/** Whether the program takes new business, and why not. */
export const programStatus = () => unwrap(commands.programStatus());
