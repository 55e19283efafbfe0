import { describe, expect, it } from 'vitest';
import { contentTypeFor, rendererRelativePath, rendererResponseHeaders } from './renderer-paths.ts';

describe('rendererRelativePath', () => {
  it('maps / to index.html and plain paths to themselves', () => {
    expect(rendererRelativePath('/')).toBe('index.html');
    expect(rendererRelativePath('/assets/index-abc123.js')).toBe('assets/index-abc123.js');
    expect(rendererRelativePath('/assets/with%20space.css')).toBe('assets/with space.css');
  });

  it.each([
    '/../etc/passwd',
    '/assets/../../secret',
    '/%2e%2e/secret',
    '/%2E%2E%2Fsecret',
    '/assets%2f..%2f..%2fsecret',
    '/assets/..%5c..%5csecret',
    '/assets//double',
    '/.env',
    '/assets/%00.js',
    '/%E0%A4%A',
    'relative/path',
    '/C:/windows/win.ini',
  ])('refuses %s', (pathname) => {
    expect(rendererRelativePath(pathname)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows what the renderer ships and nothing else', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('assets/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('README')).toBeNull();
    expect(contentTypeFor('tool.exe')).toBeNull();
  });
});

describe('rendererResponseHeaders', () => {
  it('carries the given CSP and forbids sniffing', () => {
    const headers = rendererResponseHeaders("default-src 'self'");
    expect(headers['Content-Security-Policy']).toBe("default-src 'self'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});
