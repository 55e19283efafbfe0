import { describe, expect, it } from 'vitest';
import { isAllowedExternalLink } from './external-links.ts';

describe('isAllowedExternalLink', () => {
  it.each(['https://docs.osiriscare.net/console', 'https://support.osiriscare.net/ticket?x=1', 'https://osiriscare.net/'])('allows %s', (url) => {
    expect(isAllowedExternalLink(url)).toBe(true);
  });

  it.each([
    'http://docs.osiriscare.net/',
    'https://docs.osiriscare.net:8443/',
    'https://user:pw@docs.osiriscare.net/',
    'https://docs.osiriscare.net.evil.example/',
    'https://evil.example/?docs.osiriscare.net',
    'file:///etc/passwd',
    'smb://share/x',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalLink(url)).toBe(false);
  });
});
