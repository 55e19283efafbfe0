import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ErrorCode } from '#shared/errors.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { PasswordField } from '../components/PasswordField.tsx';
import { SessionErrorPanel } from '../components/SessionErrorPanel.tsx';
import { useSecondsUntil } from '../hooks/use-seconds-until.ts';
import { useAppInfo, useConsoleStores, useProfiles, useSession } from '../stores/use-stores.ts';
import { InlineError } from '../components/InlineError.tsx';

/** After these the password was judged (or must not be tried again soon): make the technician retype it. */
const PASSWORD_REJECTIONS: ReadonlySet<ErrorCode> = new Set(['invalid-credentials', 'account-locked', 'account-disabled', 'rate-limited']);

export function SignInView() {
  const stores = useConsoleStores();
  const snapshot = useSession((s) => s.snapshot);
  const busy = useSession((s) => s.busy);
  const error = useSession((s) => s.error);
  const retryInSeconds = useSecondsUntil(useSession((s) => s.retryAt));
  const canChooseFiles = useAppInfo((s) => s.info?.canChooseFiles ?? false);
  const profiles = useProfiles((s) => s.profiles);
  const profilesError = useProfiles((s) => s.error);

  const [serverUrl, setServerUrl] = useState(() => snapshot?.server?.origin ?? '');
  const [caFilePath, setCaFilePath] = useState(() => snapshot?.server?.caFilePath ?? '');
  const [username, setUsername] = useState(() => snapshot?.user?.username ?? '');
  const [password, setPassword] = useState('');
  const [missingFields, setMissingFields] = useState<string | null>(null);
  const caFileField = useRef<HTMLInputElement>(null);
  const passwordField = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => {
    void stores.profiles.getState().load();
  }, [stores]);

  // Core answers with the profile resumed (signed in) or its sign-in form prefilled; the view follows the snapshot.
  async function chooseProfile(profileId: string) {
    if (busy) return;
    await stores.session.getState().switchProfile(profileId);
    // Still on this form (the profile needs a sign-in): take the server and account core prefilled.
    const now = stores.session.getState();
    if (!now.error && now.snapshot && now.snapshot.state !== 'signed-in') {
      setServerUrl(now.snapshot.server?.origin ?? '');
      setCaFilePath(now.snapshot.server?.caFilePath ?? '');
      setUsername(now.snapshot.user?.username ?? '');
      setPassword('');
      setMissingFields(null);
      passwordField.current?.focus();
    }
    await stores.profiles.getState().load();
  }

  // An untrusted certificate is answered by choosing the server's CA file: take the technician there.
  useEffect(() => {
    if (error?.code === 'certificate-untrusted') caFileField.current?.focus();
  }, [error]);

  const waitingForRetry = retryInSeconds > 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || waitingForRetry) return;
    const missing = [!serverUrl.trim() && 'server URL', !username.trim() && 'username', !password && 'password'].filter(Boolean);
    if (missing.length > 0) {
      setMissingFields(`Enter your ${missing.join(', ')}.`);
      return;
    }
    setMissingFields(null);
    await stores.session.getState().signIn({
      serverUrl: serverUrl.trim(),
      caFilePath: caFilePath.trim() === '' ? null : caFilePath.trim(),
      username: username.trim(),
      password,
    });
    const failure = stores.session.getState().error;
    if (failure && PASSWORD_REJECTIONS.has(failure.code)) {
      setPassword('');
      passwordField.current?.focus();
    }
  }

  async function browseForCaFile() {
    const chosen = await stores.appInfo.getState().chooseCaFile();
    if (chosen !== null) setCaFilePath(chosen);
    caFileField.current?.focus();
  }

  return (
    <main className="auth-screen">
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
        <BrandMark />
        <h1 id={`${ids}-title`} className="auth-title">
          Sign in to Central Command
        </h1>
        {snapshot?.notice ? <NoticeBanner text={snapshot.notice} /> : null}

        {profiles.length > 0 || profilesError ? (
          <section className="known-servers" aria-labelledby={`${ids}-known`}>
            <h2 id={`${ids}-known`} className="known-servers-title">
              Known servers
            </h2>
            {profilesError ? (
              <p className="error-panel error-inline" role="alert" data-testid="profiles-error">
                The known servers could not be listed: {profilesError.message}
              </p>
            ) : null}
            <ul className="known-servers-list">
              {profiles.map((profile) => (
                <li key={profile.id}>
                  <button type="button" className="known-server" disabled={busy} onClick={() => void chooseProfile(profile.id)}>
                    Use {profile.origin} — {profile.displayName}
                  </button>
                  <span className="known-server-hint">
                    {profile.username} · {profile.hasSession ? 'password to unlock' : 'sign-in needed'}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <div className="field">
          <label htmlFor={`${ids}-server`}>Server URL</label>
          <input
            id={`${ids}-server`}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://central.example.com"
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            autoFocus={!serverUrl}
            required
          />
        </div>

        <div className="field">
          <label htmlFor={`${ids}-ca`}>CA certificate file</label>
          <div className="field-row">
            <input
              id={`${ids}-ca`}
              ref={caFileField}
              type="text"
              spellCheck={false}
              placeholder="Optional — only for a private CA"
              value={caFilePath}
              onChange={(e) => setCaFilePath(e.target.value)}
              aria-describedby={`${ids}-ca-hint`}
              aria-invalid={error?.code === 'certificate-untrusted' ? true : undefined}
            />
            {canChooseFiles ? (
              <button type="button" className="button-secondary" onClick={browseForCaFile}>
                Browse…
              </button>
            ) : null}
          </div>
          <p id={`${ids}-ca-hint`} className="field-hint">
            PEM file of the CA that signed the server&apos;s certificate; empty for a public CA.
          </p>
        </div>

        <div className="field">
          <label htmlFor={`${ids}-user`}>Username</label>
          <input
            id={`${ids}-user`}
            type="text"
            autoComplete="username"
            spellCheck={false}
            placeholder="Username or email"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus={Boolean(serverUrl) && !username}
            required
          />
        </div>

        <PasswordField
          id={`${ids}-password`}
          inputRef={passwordField}
          value={password}
          onChange={setPassword}
          autoFocus={Boolean(serverUrl) && Boolean(username)}
        />

        <InlineError message={missingFields} />
        {error ? <SessionErrorPanel error={error} retryInSeconds={retryInSeconds} /> : null}

        <div className="auth-actions">
          <button type="submit" className="button-primary" disabled={busy || waitingForRetry} aria-busy={busy}>
            Sign in
          </button>
          {busy ? <span className="busy-note" role="status">Signing in…</span> : null}
        </div>
      </form>
    </main>
  );
}
