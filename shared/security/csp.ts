/**
 * The one Content-Security-Policy both shells send with every page response. Strict on purpose:
 * nothing inline, no eval, no remote origin; the only addition is the web shell's own WebSocket,
 * which a browser does not reliably cover by `connect-src 'self'`.
 */

export type CspShell = { shell: 'electron' } | { shell: 'web'; port: number };

const FORBIDDEN_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:'];

export function contentSecurityPolicy(target: CspShell): string {
  const connectSources = ["'self'"];
  if (target.shell === 'web') {
    if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65_535) {
      throw new RangeError(`Not a TCP port: ${target.port}`);
    }
    connectSources.push(`ws://127.0.0.1:${target.port}`);
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', connectSources],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Directive name → source list, as a browser reads the header (first occurrence wins). */
export function parseContentSecurityPolicy(header: string): Map<string, string[]> {
  const policy = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!policy.has(key)) policy.set(key, sources);
  }
  return policy;
}

/**
 * Reasons a policy is not strict enough to ship; empty when it is. Used by the tests of both
 * shells and of the packaged build, so "strict" means one thing everywhere.
 */
export function cspWeaknesses(header: string): string[] {
  const policy = parseContentSecurityPolicy(header);
  const weaknesses: string[] = [];
  for (const [name, sources] of policy) {
    for (const source of sources) {
      if (FORBIDDEN_SOURCES.includes(source.toLowerCase())) weaknesses.push(`${name} allows ${source}`);
    }
  }
  const expectNone = ['object-src', 'base-uri', 'frame-ancestors', 'form-action'];
  for (const name of expectNone) {
    if (policy.get(name)?.join(' ') !== "'none'") weaknesses.push(`${name} is not 'none'`);
  }
  for (const name of ['default-src', 'script-src']) {
    if (policy.get(name)?.join(' ') !== "'self'") weaknesses.push(`${name} is not exactly 'self'`);
  }
  const connect = policy.get('connect-src') ?? [];
  for (const source of connect) {
    if (source !== "'self'" && !/^ws:\/\/127\.0\.0\.1:\d{1,5}$/.test(source)) weaknesses.push(`connect-src allows ${source}`);
  }
  return weaknesses;
}
