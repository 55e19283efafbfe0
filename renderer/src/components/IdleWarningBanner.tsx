import { useIdleWarning } from '../stores/use-stores.ts';
import { useSecondsUntil } from '../hooks/use-seconds-until.ts';

/**
 * Core's warning ahead of the idle lock; any keyboard or mouse use makes core withdraw it. No button
 * here: reaching for it would withdraw the warning first (the header's Lock locks at once).
 */
export function IdleWarningBanner() {
  const locksAt = useIdleWarning((s) => s.locksAt);
  // Ticks only while a warning is shown.
  const secondsLeft = useSecondsUntil(locksAt);
  if (locksAt === null) return null;

  return (
    <div className="idle-warning" data-testid="idle-warning" role="region" aria-label="Idle lock warning">
      {/* Announced once; the ticking number is left out of the live region so it is not read every second. */}
      <span className="visually-hidden" role="alert">
        The console is about to lock for inactivity.
      </span>
      <p className="idle-warning-text">
        The console locks in <span className="idle-warning-seconds">{secondsLeft} s</span> — move the mouse or press a key to stay signed in.
      </p>
    </div>
  );
}
