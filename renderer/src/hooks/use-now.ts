import { useEffect, useState } from 'react';

/** Calls `onTick` every `intervalMs`; the returned function stops it. The one clock the console's times tick by. */
export function tickEvery(intervalMs: number, onTick: () => void): () => void {
  const timer = setInterval(onTick, intervalMs);
  return () => clearInterval(timer);
}

/** The current time, refreshed every `intervalMs`, so relative times ("5 min ago") stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => tickEvery(intervalMs, () => setNow(Date.now())), [intervalMs]);
  return now;
}
