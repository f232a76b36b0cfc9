// The commands the distributions section calls, and what each mutation makes stale.

import type { Channel } from "@tauri-apps/api/core";
import { commands, type DailyProgress } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the distributions section shows. */
export type DistributionsList = "distributions";

/** Every distribution of the program (no deal filter). */
export const listDistributions = () => unwrap(commands.listDistributions(null));

export const showDistribution = (id: number) => unwrap(commands.showDistribution(id));

export const approveDistributions = (ids: number[], overrideReason: string | null, code: string | null, key: string) =>
  unwrap(commands.approveDistributions(ids, overrideReason, code, key));

export const postDistributions = (ids: number[], key: string) => unwrap(commands.postDistributions(ids, key));

export const cancelDistribution = (id: number, reason: string, key: string) =>
  unwrap(commands.cancelDistribution(id, reason, key));

export const reverseDistribution = (id: number, reason: string, key: string) =>
  unwrap(commands.reverseDistribution(id, reason, key));

/** Prepares every active deal's distribution for `date`, reporting progress over `onProgress`. */
export const runDaily = (date: string, key: string, onProgress: Channel<DailyProgress>) =>
  unwrap(commands.runDaily(date, key, onProgress));

/** What each mutation makes stale. After an act on distributions the section also clears the selection and closes the review. */
export const STALE = {
  approveDistributions: ["distributions"],
  postDistributions: ["distributions"],
  cancelDistribution: ["distributions"],
  reverseDistribution: ["distributions"],
  runDaily: ["distributions"],
} as const satisfies Record<string, Stale<DistributionsList>>;
