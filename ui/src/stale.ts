// What a mutation makes stale. Each feature's queries.ts names the lists its section shows and,
// for each mutation, the lists to load again once it succeeds; the section maps each name to
// the reload of that list and calls `reloadStale` from the mutation's success.

/** The lists one mutation makes stale, in the order they are loaded again. */
export type Stale<List extends string> = readonly List[];

/** Loads again each list that `stale` names, in its order. */
export function reloadStale<List extends string>(stale: Stale<List>, reloads: Record<List, () => void>): void {
  for (const list of stale) {
    reloads[list]();
  }
}
