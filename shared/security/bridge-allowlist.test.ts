import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../ipc/contract.ts';
import { BRIDGE_CHANNEL_NAMES, BRIDGE_EVENT_NAMES, electronCallChannel, electronEventChannel, isBridgeChannel, isBridgeEvent } from './bridge-allowlist.ts';

describe('bridge allowlist', () => {
  it('names exactly the contract channels and events', () => {
    expect([...BRIDGE_CHANNEL_NAMES].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect([...BRIDGE_EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('refuses names outside the contract, including inherited properties', () => {
    expect(isBridgeChannel('session:get')).toBe(true);
    expect(isBridgeChannel('toString')).toBe(false);
    expect(isBridgeChannel('__proto__')).toBe(false);
    expect(isBridgeChannel('session:changed')).toBe(false);
    expect(isBridgeEvent('sync:changed')).toBe(true);
    expect(isBridgeEvent('constructor')).toBe(false);
    expect(isBridgeEvent(42)).toBe(false);
  });

  it('namespaces Electron IPC names apart from each other', () => {
    expect(electronCallChannel('session:get')).toBe('cc:call:session:get');
    expect(electronEventChannel('session:changed')).toBe('cc:event:session:changed');
  });
});
