import { PAGE_SECRET_META_NAME } from '#shared/ipc/ws-frames.ts';

/**
 * What a load of the launch address gets when it cannot open the console: a plain page (no script;
 * the CSP forbids inline script anyway) that says why and what to do.
 */
const REFUSALS = {
  spent: {
    status: 410,
    title: 'This console address was already used',
    text: 'Each address the web shell prints opens the console once, in one browser tab, so that nobody who reads it later can use it.',
  },
  unknown: {
    status: 403,
    title: 'This is not an address of this console',
    text: 'The key in it does not belong to the web shell running now; it may be from an earlier run.',
  },
} as const;

const WHAT_TO_DO =
  'If the console is open in another tab or window, use that one (reloading it is fine). Otherwise stop the web shell (Ctrl+C where it runs) and start it again: it prints a new address.';

export function launchRefusalPage(kind: keyof typeof REFUSALS): { status: number; html: string } {
  const refusal = REFUSALS[kind];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${refusal.title}</title></head><body><main><h1>${refusal.title}</h1><p>${refusal.text}</p><p>${WHAT_TO_DO}</p></main></body></html>`;
  return { status: refusal.status, html };
}

/** The page secret for the bridge script, placed before it in <head> (base64url: safe in an attribute). */
export function pageSecretMetaTag(pageSecret: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(pageSecret)) throw new Error('a page secret is base64url');
  return `<meta name="${PAGE_SECRET_META_NAME}" content="${pageSecret}">`;
}
