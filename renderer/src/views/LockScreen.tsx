import { useId, useRef, useState, type FormEvent } from 'react';
import { BrandMark } from '../components/BrandMark.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { SessionErrorPanel } from '../components/SessionErrorPanel.tsx';
import { useSecondsUntil } from '../hooks/use-seconds-until.ts';
import { useConsoleStores, useSession } from '../stores/use-stores.ts';

/**
 * The locked console: who is locked and a password field, nothing of the fleet. Core has closed the
 * cache; the stores dropped every piece of server data when the session left signed-in.
 */
export function LockScreen() {
  const stores = useConsoleStores();
  const user = useSession((s) => s.snapshot?.user ?? null);
  const origin = useSession((s) => s.snapshot?.server?.origin ?? null);
  const notice = useSession((s) => s.snapshot?.notice ?? null);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const retryInSeconds = useSecondsUntil(useSession((s) => s.retryAt));
  const [password, setPassword] = useState('');
  const [missingPassword, setMissingPassword] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);
  const ids = useId();

  const waitingForRetry = retryInSeconds > 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || waitingForRetry) return;
    if (!password) {
      setMissingPassword(true);
      passwordField.current?.focus();
      return;
    }
    setMissingPassword(false);
    // The password lives in this field for the one call; every attempt starts from an empty field.
    const attempt = password;
    setPassword('');
    await stores.session.getState().unlock(attempt);
    passwordField.current?.focus();
  }

  return (
    <main className="auth-screen lock-screen" data-testid="lock-screen">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-who`}>
        <BrandMark />
        <div className="lock-heading">
          <span className="lock-icon" aria-hidden="true" />
          <h1 id={`${ids}-title`} className="auth-title">
            Console locked
          </h1>
        </div>
        <p id={`${ids}-who`} className="lock-who">
          {describeWho(user, origin)}
        </p>
        {notice ? <NoticeBanner text={notice} /> : null}

        <PasswordField
          id={`${ids}-password`}
          inputRef={passwordField}
          value={password}
          onChange={setPassword}
          invalid={missingPassword}
          testId="unlock-password"
          autoFocus
          hint="Online, Central Command checks your password (and authentication code). Offline, this computer checks it."
        />

        {missingPassword ? (
          <p className="error-panel error-inline" role="alert">
            Enter your password.
          </p>
        ) : null}
        {error ? <SessionErrorPanel error={error} retryInSeconds={retryInSeconds} action="unlock" testId="unlock-error" /> : null}

        <div className="auth-actions">
          <button type="submit" className="button-primary" disabled={busy || waitingForRetry} aria-busy={busy} data-testid="unlock-submit">
            Unlock
          </button>
          {busy ? (
            <span className="busy-note" role="status">
              Checking…
            </span>
          ) : null}
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => void stores.session.getState().signOut()}
            data-testid="lock-sign-out"
          >
            Sign out
          </button>
        </div>
      </form>
    </main>
  );
}

function describeWho(user: { displayName: string; username: string } | null, origin: string | null): string {
  const account = user ? `${user.displayName} (${user.username})` : 'The locked session';
  return origin ? `${account} on ${origin}` : account;
}
