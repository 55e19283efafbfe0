import { useCallback, useSyncExternalStore } from 'react';
import { tickEvery } from './use-now.ts';

/** Often enough that a countdown never shows a second too long. */
const COUNTDOWN_TICK_MS = 250;

function secondsUntil(deadline: number | null, now: number): number {
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * Whole seconds until `deadline` (epoch ms), 0 once it has passed or when there is none; ticks only while
 * counting. The clock is read at every render, so the first number shown for a new deadline is exact.
 */
export function useSecondsUntil(deadline: number | null): number {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (deadline === null || deadline <= Date.now()) return () => undefined;
      const stop = tickEvery(COUNTDOWN_TICK_MS, () => {
        onChange();
        if (deadline <= Date.now()) stop();
      });
      return stop;
    },
    [deadline],
  );
  return useSyncExternalStore(subscribe, () => secondsUntil(deadline, Date.now()));
}
