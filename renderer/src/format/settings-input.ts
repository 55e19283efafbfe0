import type { Settings } from '#shared/ipc/contract.ts';
import { IDLE_LOCK_MINUTES, MAX_OFFLINE_DAYS } from '#shared/ipc/console-limits.ts';

type SettingsInputResult = { ok: true; settings: Settings } | { ok: false; field: keyof Settings; problem: string };

function wholeNumberIn(text: string, bounds: { min: number; max: number }): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= bounds.min && value <= bounds.max ? value : null;
}

/** The settings form's text fields, checked against the contract's bounds before core sees them. */
export function parseSettingsInput(idleLockMinutes: string, maxOfflineDays: string): SettingsInputResult {
  const minutes = wholeNumberIn(idleLockMinutes, IDLE_LOCK_MINUTES);
  if (minutes === null) {
    return { ok: false, field: 'idleLockMinutes', problem: `Lock after: enter a whole number of minutes from ${IDLE_LOCK_MINUTES.min} to ${IDLE_LOCK_MINUTES.max}.` };
  }
  const days = wholeNumberIn(maxOfflineDays, MAX_OFFLINE_DAYS);
  if (days === null) {
    return { ok: false, field: 'maxOfflineDays', problem: `Offline unlock: enter a whole number of days from ${MAX_OFFLINE_DAYS.min} to ${MAX_OFFLINE_DAYS.max}.` };
  }
  return { ok: true, settings: { idleLockMinutes: minutes, maxOfflineDays: days } };
}
