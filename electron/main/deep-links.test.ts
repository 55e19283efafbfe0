import { describe, expect, it } from 'vitest';
import type { DeepLink } from '#shared/deep-link/index.ts';
import { createDeepLinkInbox, deepLinkArgument, parseDeepLink } from './deep-links.ts';

describe('parseDeepLink', () => {
  it('reads a site link and an incident link', () => {
    expect(parseDeepLink('central-console://site/alder-family-dental-3f9a1c')).toEqual({ kind: 'site', siteId: 'alder-family-dental-3f9a1c' });
    expect(parseDeepLink('central-console://site/alder-family-dental-3f9a1c/')).toEqual({ kind: 'site', siteId: 'alder-family-dental-3f9a1c' });
    expect(parseDeepLink('central-console://site/s-1/incident/2b1c9a4e-7d1f-4f0e-9a63-0c1d2e3f4a5b')).toEqual({ kind: 'incident', siteId: 's-1', incidentId: '2b1c9a4e-7d1f-4f0e-9a63-0c1d2e3f4a5b' });
  });

  it.each([
    'central-console://site/',
    'central-console://site/..',
    'central-console://site/x/../../etc',
    'central-console://SITE/a',
    'central-console://site/%2e%2e',
    'central-console://site/a%2fb',
    'central-console://site/a/b',
    'central-console://site/a/incident/',
    'central-console://site/a/incident/b/acknowledge',
    'central-console://site/a?action=approve',
    'central-console://site/a#x',
    'central-console://user:pw@site/a',
    'central-console://site:8080/a',
    'central-console://incident/abc',
    'central-console://settings',
    'https://site/a',
    'central-console:site/a',
    `central-console://site/${'a'.repeat(201)}`,
    'not a url',
  ])('refuses %s', (raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it('finds the link among launch arguments', () => {
    expect(deepLinkArgument(['/opt/Central Console/central-console', '--no-sandbox', 'central-console://site/a'])).toBe('central-console://site/a');
    expect(deepLinkArgument(['/opt/Central Console/central-console'])).toBeNull();
  });
});

describe('createDeepLinkInbox', () => {
  function inbox() {
    const delivered: DeepLink[] = [];
    const logged: string[] = [];
    const box = createDeepLinkInbox({ deliver: (link) => delivered.push(link), log: (_level, message) => logged.push(message) });
    return { box, delivered, logged };
  }

  it('delivers at once while signed in', () => {
    const { box, delivered } = inbox();
    box.sessionChanged('signed-in');
    box.receive('central-console://site/a');
    expect(delivered).toEqual([{ kind: 'site', siteId: 'a' }]);
  });

  it('holds a link while locked (or before the state is known) and delivers only the latest, once, after the unlock', () => {
    const { box, delivered } = inbox();
    box.receive('central-console://site/first');
    box.sessionChanged('locked');
    box.receive('central-console://site/second');
    expect(delivered).toEqual([]);
    box.sessionChanged('signed-in');
    expect(delivered).toEqual([{ kind: 'site', siteId: 'second' }]);
    box.sessionChanged('locked');
    box.sessionChanged('signed-in');
    expect(delivered).toHaveLength(1);
  });

  it('drops an invalid link and keeps the one it held', () => {
    const { box, delivered, logged } = inbox();
    box.receive('central-console://site/kept');
    box.receive('central-console://site/../../etc');
    expect(logged).toContain('Ignored a central-console:// link that is not a site or incident link');
    box.sessionChanged('signed-in');
    expect(delivered).toEqual([{ kind: 'site', siteId: 'kept' }]);
  });
});
