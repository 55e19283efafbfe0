import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '#shared/security/csp.ts';
import { createAppProtocolHandler, resolveAppFile } from './app-protocol.ts';

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cc-app-protocol-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
  await writeFile(join(root, 'secret.js'), 'outside the renderer');
  await symlink(join(root, 'secret.js'), join(rendererDir, 'assets', 'link.js'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveAppFile', () => {
  it('serves / as index.html and assets by path', async () => {
    expect(await resolveAppFile('app://console/', rendererDir)).toMatchObject({ kind: 'file', contentType: 'text/html; charset=utf-8' });
    expect(await resolveAppFile('app://console/assets/app.js?v=1', rendererDir)).toMatchObject({
      kind: 'file',
      filePath: expect.stringMatching(/assets[/\\]app\.js$/),
    });
  });

  it.each([
    'app://console/../secret.txt',
    'app://console/%2e%2e/secret.js',
    'app://console/assets/..%2f..%2fsecret.js',
    'app://console/assets%2f..%2f..%2fsecret.js',
    'app://console/assets/link.js',
    'app://other/index.html',
    'app://user:pw@console/index.html',
    'file:///etc/passwd',
    'app://console/assets',
    'app://console/missing.js',
    'not a url',
  ])('refuses %s', async (url) => {
    expect((await resolveAppFile(url, rendererDir)).kind).toBe('refused');
  });
});

describe('createAppProtocolHandler', () => {
  const csp = contentSecurityPolicy({ shell: 'electron' });
  const handler = () => createAppProtocolHandler({ rendererDir, csp });

  it('answers with the file, its content type and the CSP header', async () => {
    const response = await handler()(new Request('app://console/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('carries the CSP on refusals too and never leaks the file outside', async () => {
    const response = await handler()(new Request('app://console/%2e%2e/secret.txt'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(await response.text()).toBe('');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler()(new Request('app://console/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });
});
