/**
 * While the console reviews cached data without a session, it asks Central Command now and then
 * whether it can be reached, with a request that carries no token. The technician is told when it
 * can, and the online sign-in is theirs to start: the watch never signs in by itself.
 */
export interface ReachabilityWatchOptions {
  intervalMs: number;
  /** Resolves true when Central Command answered at all (any status below 500), false when it cannot be reached. */
  probe: () => Promise<boolean>;
  onChange: (reachable: boolean) => void;
}

export function createReachabilityWatch(options: ReachabilityWatchOptions) {
  let timer: NodeJS.Timeout | null = null;
  let generation = 0;
  let last: boolean | null = null;

  function schedule(run: number) {
    timer = setTimeout(() => void probeOnce(run), options.intervalMs);
    timer.unref?.();
  }

  async function probeOnce(run: number) {
    const reachable = await options.probe().catch(() => false);
    // Stopped (locked, signed in, signed out) while the probe ran: its answer belongs to no review.
    if (run !== generation) return;
    if (reachable !== last) {
      last = reachable;
      options.onChange(reachable);
    }
    schedule(run);
  }

  return {
    /** Starts probing (the first probe after one interval); the review opened because Central Command could not be reached. */
    start(): void {
      this.stop();
      last = false;
      schedule(generation);
    },
    stop(): void {
      generation += 1;
      if (timer) clearTimeout(timer);
      timer = null;
      last = null;
    },
  };
}

export type ReachabilityWatch = ReturnType<typeof createReachabilityWatch>;
