import { createLaunchSecret, secretMatches } from './secret.ts';

export type LaunchOutcome = { kind: 'page'; pageSecret: string } | { kind: 'spent' } | { kind: 'unknown' };

/**
 * The web shell's two kinds of key. A launch code goes into the printed (or browser-opened) address
 * and works once: the load that spends it gets a fresh page secret, which only that page ever holds
 * (it arrives in the served HTML, never in a URL, a command line or the terminal). The WebSocket hello
 * must carry a page secret; a launch code there is refused. So whoever reads the address later —
 * from a log, a process list, a history file — holds only a spent code.
 */
export function createPageKeys() {
  const codes: Array<{ code: string; spent: boolean }> = [];
  const pageSecrets: string[] = [];

  return {
    /** A new one-time launch code (the server issues one at start). */
    issueLaunchCode(): string {
      const code = createLaunchSecret();
      codes.push({ code, spent: false });
      return code;
    },
    /** Spends `code` (constant-time compared) for a page secret; a code works once. */
    spend(code: string): LaunchOutcome {
      const entry = codes.find((candidate) => secretMatches(candidate.code, code));
      if (!entry) return { kind: 'unknown' };
      if (entry.spent) return { kind: 'spent' };
      entry.spent = true;
      const pageSecret = createLaunchSecret();
      pageSecrets.push(pageSecret);
      return { kind: 'page', pageSecret };
    },
    isPageSecret(secret: string): boolean {
      return pageSecrets.some((known) => secretMatches(known, secret));
    },
  };
}

export type PageKeys = ReturnType<typeof createPageKeys>;
