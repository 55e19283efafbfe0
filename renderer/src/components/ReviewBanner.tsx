import { useId, useRef, useState, type FormEvent } from 'react';
import { formatExactLocalTime, formatRelativeTime } from '../format/time.ts';
import { useNow } from '../hooks/use-now.ts';
import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { useFleetSites } from '../features/fleet/use-fleet.ts';
import { PasswordField } from './PasswordField.tsx';

const WHY_READ_ONLY =
  'Your session with Central Command has ended and Central Command cannot be reached, so this is the data cached on this computer: nothing syncs, refreshes or changes until you sign in again.';

/**
 * Over every page while the console reviews cached data without a session: how old the data is,
 * why nothing can change, and — once core finds Central Command reachable again — the sign-in
 * that resumes syncing on the same cache.
 */
export function ReviewBanner() {
  const reviewing = useSession((s) => s.snapshot?.state === 'reviewing');
  const reachable = useSession((s) => s.snapshot?.connectivity === 'online');
  const notice = useSession((s) => s.snapshot?.notice ?? null);
  const syncedAt = useFleetSites((s) => s.answer?.syncedAt ?? null);
  const now = useNow();
  if (!reviewing) return null;
  return (
    <section className="review-banner" aria-label="Reviewing cached data" data-testid="review-banner" data-reachable={reachable}>
      <p className="review-title" role="status">
        {'Reviewing cached data — '}
        {syncedAt ? (
          <span title={formatExactLocalTime(syncedAt)} data-testid="review-last-synced">
            last synced {formatRelativeTime(syncedAt, now)}
          </span>
        ) : (
          'never synced'
        )}
      </p>
      {reachable ? (
        <>
          <p className="review-reachable" role="status" data-testid="review-reachable">
            {notice ?? 'Central Command is reachable again.'}
          </p>
          <ReviewSignIn />
        </>
      ) : (
        <p className="review-why">{notice ?? WHY_READ_ONLY}</p>
      )}
    </section>
  );
}

/** The online sign-in of this account; like the lock screen, the password lives only for the call. */
function ReviewSignIn() {
  const stores = useConsoleStores();
  const busy = useSession((s) => s.busy);
  const [password, setPassword] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !password) {
      field.current?.focus();
      return;
    }
    const attempt = password;
    setPassword('');
    await stores.session.getState().unlock(attempt);
  }

  return (
    <form className="review-sign-in" onSubmit={submit} noValidate aria-label="Sign in to Central Command">
      <PasswordField id={`${id}-password`} inputRef={field} value={password} onChange={setPassword} autoFocus={false} testId="review-password" />
      <button type="submit" className="button-primary button-small" disabled={busy} aria-busy={busy} data-testid="review-sign-in">
        Sign in and resume syncing
      </button>
    </form>
  );
}
