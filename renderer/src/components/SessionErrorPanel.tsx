import type { ConsoleErrorPayload, ErrorCode } from '#shared/errors.ts';
import { detailNumber } from '../format/errors.ts';
import { CertificateDetails } from './CertificateDetails.tsx';

const TITLES: Partial<Record<ErrorCode, string>> = {
  'invalid-credentials': 'Sign-in refused',
  'account-locked': 'Account locked',
  'account-disabled': 'Account disabled',
  'mfa-setup-required': 'Two-factor setup required',
  'mfa-invalid': 'Code not accepted',
  'mfa-expired': 'Sign-in step expired',
  'rate-limited': 'Too many attempts',
  'certificate-untrusted': 'Server certificate not trusted',
  unreachable: 'Server unreachable',
  timeout: 'No answer in time',
  'insecure-url': 'HTTPS required',
  'proxy-auth-required': 'Proxy needs credentials',
  'proxy-unsupported': 'Proxy not supported',
};

/** Where the unlock's wording differs from signing in (the lock screen names no account to get wrong). */
const UNLOCK_TITLES: Partial<Record<ErrorCode, string>> = {
  'invalid-credentials': 'Password not accepted',
  'offline-unlock-refused': 'Offline unlock not possible',
};

const HINTS: Partial<Record<ErrorCode, string>> = {
  'certificate-untrusted':
    "If this fingerprint matches what your Central Command administrator gives you, choose the server's CA certificate file above and sign in again.",
  unreachable: 'Check the server URL, your network or VPN, and that Central Command is running.',
  timeout: 'The server or the network is slow right now. Try again in a moment.',
  'insecure-url': 'Central Console only talks to Central Command over https://.',
  'mfa-expired': 'Sign in again with your password to get a new code prompt.',
  'mfa-setup-required': 'Set up two-factor authentication in the Central Command web dashboard first.',
};

interface SessionErrorPanelProps {
  error: ConsoleErrorPayload;
  /** Seconds left before the refused action may be tried again (a 429, or the offline unlock's delay). */
  retryInSeconds?: number;
  /** Which action failed; it names the panel when the code has no title of its own. */
  action?: 'sign-in' | 'unlock';
  testId?: string;
}

function titleOf(code: ErrorCode, action: 'sign-in' | 'unlock'): string {
  if (action === 'unlock') return UNLOCK_TITLES[code] ?? TITLES[code] ?? 'Unlock failed';
  return TITLES[code] ?? 'Sign-in failed';
}

/** A failed session action: the server's message as is, plus what the technician can do next. */
export function SessionErrorPanel({ error, retryInSeconds = 0, action = 'sign-in', testId }: SessionErrorPanelProps) {
  const hint = HINTS[error.code];
  return (
    <div className="error-panel" role="alert" data-error-code={error.code} data-testid={testId}>
      <p className="error-title">{titleOf(error.code, action)}</p>
      <p className="error-message">{error.message}</p>
      {error.code === 'certificate-untrusted' ? <CertificateDetails error={error} /> : null}
      {error.code === 'rate-limited' || detailNumber(error, 'retryAfterSeconds') !== null ? (
        <p className="error-countdown" data-testid="retry-countdown">
          {retryInSeconds > 0 ? `Try again in ${retryInSeconds} s` : 'You can try again now.'}
        </p>
      ) : null}
      {hint ? <p className="error-hint">{hint}</p> : null}
    </div>
  );
}
