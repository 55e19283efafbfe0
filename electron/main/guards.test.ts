import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installContentsGuards, installSessionGuards, isAppUrl, shouldAllowRequest, urlForLog } from './guards.ts';
import type { Log } from '#core/log.ts';

function recordingLog() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const log: Log = (level, message, fields) => entries.push(fields ? { level, message, fields } : { level, message });
  return { log, entries };
}

function preventable(url: string, extra: Record<string, unknown> = {}) {
  return { url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

describe('url decisions', () => {
  it('recognises only app://console as the app', () => {
    expect(isAppUrl('app://console/index.html')).toBe(true);
    expect(isAppUrl('app://console.evil/index.html')).toBe(false);
    expect(isAppUrl('app://x@console/index.html')).toBe(false);
    expect(isAppUrl('https://console/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });

  it('lets no remote request through', () => {
    expect(shouldAllowRequest('app://console/assets/a.js')).toBe(true);
    expect(shouldAllowRequest('https://cc.example.com/api/dashboard/fleet')).toBe(false);
    expect(shouldAllowRequest('http://127.0.0.1:8080/')).toBe(false);
    expect(shouldAllowRequest('wss://cc.example.com/ws/events')).toBe(false);
    expect(shouldAllowRequest('file:///etc/passwd')).toBe(false);
  });

  it('keeps query strings (tokens) out of logged URLs', () => {
    expect(urlForLog('wss://cc.example.com/ws/events?token=SECRET')).toBe('wss://cc.example.com/ws/events');
    expect(urlForLog('https://u:p@cc.example.com/a#frag')).toBe('https://cc.example.com/a');
  });
});

describe('installContentsGuards (fake webContents)', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    const contents = Object.assign(emitter, {
      id: 7,
      setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
        windowOpenHandler = handler;
      },
    });
    return { contents, openWindow: (url: string) => windowOpenHandler?.({ url }) };
  }

  it('prevents navigation, redirects, sub-frame navigation and webviews, and denies new windows', () => {
    const { log, entries } = recordingLog();
    const fake = fakeContents();
    installContentsGuards(fake.contents as never, log);

    const navigation = preventable('https://evil.example/?token=abc');
    fake.contents.emit('will-navigate', navigation);
    const redirect = preventable('https://evil.example/');
    fake.contents.emit('will-redirect', redirect);
    const subFrame = preventable('https://evil.example/frame', { isMainFrame: false });
    fake.contents.emit('will-frame-navigate', subFrame);
    const webview = preventable('');
    fake.contents.emit('will-attach-webview', webview, {}, {});

    expect([navigation, redirect, subFrame, webview].map((event) => event.defaultPrevented)).toEqual([true, true, true, true]);
    expect(fake.openWindow('https://evil.example/popup')).toEqual({ action: 'deny' });
    expect(JSON.stringify(entries)).not.toContain('token=abc');
    expect(entries.length).toBe(5);
  });
});

describe('installSessionGuards (fake session)', () => {
  it('denies every permission request and check, every device, and cancels remote requests', () => {
    const { log } = recordingLog();
    const installed: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: never) => (installed['request'] = handler),
      setPermissionCheckHandler: (handler: never) => (installed['check'] = handler),
      setDevicePermissionHandler: (handler: never) => (installed['device'] = handler),
      webRequest: { onBeforeRequest: (handler: never) => (installed['beforeRequest'] = handler) },
    };
    installSessionGuards(session as never, log);

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      (installed['request'] as (...args: unknown[]) => void)({ id: 1 }, permission, (value: boolean) => (granted = value), {});
      expect(granted).toBe(false);
      expect((installed['check'] as (...args: unknown[]) => boolean)(null, permission, 'app://console', {})).toBe(false);
    }
    expect((installed['device'] as (...args: unknown[]) => boolean)({})).toBe(false);

    const decide = (url: string) => {
      let response: unknown;
      (installed['beforeRequest'] as (...args: unknown[]) => void)({ url }, (value: unknown) => (response = value));
      return response;
    };
    expect(decide('https://cdn.example/lib.js')).toEqual({ cancel: true });
    expect(decide('app://console/assets/a.js')).toEqual({ cancel: false });
  });
});
