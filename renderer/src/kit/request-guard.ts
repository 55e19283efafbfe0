/**
 * Which answers may still write into a store. A request's ticket goes stale when a newer request
 * supersedes it or when the store is cleared (the session ended): a slow answer to an old question,
 * or one for a session that is gone, must not overwrite what the technician sees now.
 */
export interface RequestGuard {
  /** A request that supersedes every earlier one; returns whether it is still current. */
  next(): () => boolean;
  /** One of several requests side by side (e.g. each expanded org's list): only `next()` and `cancel()` make it stale. */
  beside(): () => boolean;
  /** Every request on its way goes stale. */
  cancel(): void;
}

export function createRequestGuard(): RequestGuard {
  let generation = 0;
  const ticketFor = (ticket: number) => () => ticket === generation;
  return {
    next: () => ticketFor(++generation),
    beside: () => ticketFor(generation),
    cancel() {
      generation++;
    },
  };
}
