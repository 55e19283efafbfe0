import { useEffect } from 'react';
import { useConsoleStores } from '../stores/use-stores.ts';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * Tells core the technician is at the keyboard, so the idle lock waits. The session store throttles
 * and decides whether to report; this only listens. Capture phase: a component that stops an
 * event's propagation must not hide activity from the idle lock.
 */
export function useActivityReporter(): void {
  const stores = useConsoleStores();
  useEffect(() => {
    const report = () => stores.session.getState().reportActivity();
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, report, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, report, options);
    };
  }, [stores]);
}
