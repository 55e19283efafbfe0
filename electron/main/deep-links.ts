import { DeepLinkSchema, type DeepLink } from '#shared/deep-link/index.ts';
import type { SessionState } from '#shared/session/machine.ts';
import type { Log } from '#core/log.ts';

export const DEEP_LINK_SCHEME = 'central-console';
const MAX_LINK_LENGTH = 1024;

/**
 * `central-console://site/<site id>` or `central-console://site/<site id>/incident/<incident id>`,
 * checked like IPC input: the exact shape, ids through the contract's id schema, nothing else (no
 * query, fragment, credentials, port or percent-encoding). Anything else is null.
 */
export function parseDeepLink(raw: string): DeepLink | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // The parser resolves dot segments (site/../../x becomes /x): a link it had to change is refused.
  if (url.href !== raw) return null;
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.username || url.password || url.port || url.search || url.hash || raw.includes('%')) return null;
  const segments = [url.host, ...url.pathname.replace(/\/$/, '').split('/').slice(1)];
  const [kind, siteId, sub, incidentId, ...rest] = segments;
  if (rest.length > 0 || kind !== 'site') return null;
  const candidate = sub === undefined ? { kind: 'site', siteId } : sub === 'incident' ? { kind: 'incident', siteId, incidentId } : null;
  const parsed = DeepLinkSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** The link in a launch's command line (Windows and Linux pass it as an argument), if any. */
export function deepLinkArgument(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

/** A link for the log: its kind only, since ids may name a clinic. */
function linkForLog(raw: string): string {
  return raw.slice(0, DEEP_LINK_SCHEME.length + 3 + 12);
}

export interface DeepLinkInbox {
  /** A link arrived (launch argument, second instance, macOS open-url). */
  receive(raw: string): void;
  /** The session's state changed; an unlocked console gets the link held for it. */
  sessionChanged(state: SessionState): void;
}

/**
 * Holds the latest valid link until the console is signed in (a locked or signed-out console shows
 * nothing of the fleet, so the link waits behind the password), then hands it to `deliver` once.
 */
export function createDeepLinkInbox(options: { deliver: (link: DeepLink) => void; log: Log }): DeepLinkInbox {
  let held: DeepLink | null = null;
  let state: SessionState | null = null;
  const flush = () => {
    if (!held || state !== 'signed-in') return;
    const link = held;
    held = null;
    options.deliver(link);
  };
  return {
    receive(raw) {
      const link = parseDeepLink(raw);
      if (!link) {
        options.log('warn', 'Ignored a central-console:// link that is not a site or incident link', { link: linkForLog(String(raw)) });
        return;
      }
      held = link;
      if (state !== 'signed-in') options.log('info', 'Holding a central-console:// link until the console is unlocked', { kind: link.kind });
      flush();
    },
    sessionChanged(next) {
      state = next;
      flush();
    },
  };
}
