import { useId, useState, type FormEvent } from 'react';
import { TOTP_CODE_PATTERN } from '#shared/ipc/console-limits.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { SessionErrorPanel } from '../components/SessionErrorPanel.tsx';
import { useSecondsUntil } from '../hooks/use-seconds-until.ts';
import { useConsoleStores, useSession } from '../stores/use-stores.ts';
import { InlineError } from '../components/InlineError.tsx';

/** Second sign-in step: a 6-digit authenticator code or a backup code. */
export function TotpView() {
  const stores = useConsoleStores();
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const retryInSeconds = useSecondsUntil(useSession((s) => s.retryAt));
  const origin = useSession((s) => s.snapshot?.server?.origin ?? null);
  const [code, setCode] = useState('');
  const [formatProblem, setFormatProblem] = useState<string | null>(null);
  const ids = useId();

  const waitingForRetry = retryInSeconds > 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || waitingForRetry) return;
    // Authenticator apps often show "123 456"; the server wants the digits alone.
    const normalized = code.replace(/\s+/g, '');
    if (!TOTP_CODE_PATTERN.test(normalized)) {
      setFormatProblem('Enter the 6-digit code from your authenticator app, or one of your backup codes.');
      return;
    }
    setFormatProblem(null);
    await stores.session.getState().verifyTotp(normalized);
    if (stores.session.getState().error) setCode('');
  }

  return (
    <main className="auth-screen">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
        <BrandMark />
        <h1 id={`${ids}-title`} className="auth-title">
          Two-factor authentication
        </h1>
        {origin ? <p className="auth-subtitle">{origin}</p> : null}
        <div className="field">
          <label htmlFor={`${ids}-code`}>Authentication code</label>
          <input
            id={`${ids}-code`}
            className="code-input"
            type="text"
            autoComplete="one-time-code"
            spellCheck={false}
            maxLength={24}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-describedby={`${ids}-code-hint`}
            autoFocus
            required
          />
          <p id={`${ids}-code-hint`} className="field-hint">
            6 digits from your authenticator app, or a backup code.
          </p>
        </div>
        <InlineError message={formatProblem} />
        {error ? <SessionErrorPanel error={error} retryInSeconds={retryInSeconds} /> : null}
        <div className="auth-actions">
          <button type="submit" className="button-primary" disabled={busy || waitingForRetry} aria-busy={busy}>
            Verify
          </button>
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void stores.session.getState().cancelMfa()}>
            Cancel
          </button>
          {busy ? <span className="busy-note" role="status">Checking…</span> : null}
        </div>
      </form>
    </main>
  );
}
