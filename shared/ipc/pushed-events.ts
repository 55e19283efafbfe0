import { events, type EventName } from './contract.ts';

export type ParsedPushedEvent = { ok: true; event: EventName; payload: unknown } | { ok: false; reason: string };

/**
 * The one check every pushed event passes before it leaves the trusted side (the Electron IPC
 * adapter and the web shell's bridge hub both call it), as dispatch parses call results: an event
 * outside the contract, or a payload that does not match its strict schema (an undeclared field, a
 * wrong type), is not delivered. The parsed payload is what travels, never the original object.
 */
export function parsePushedEvent(event: unknown, payload: unknown): ParsedPushedEvent {
  if (typeof event !== 'string' || !Object.hasOwn(events, event)) return { ok: false, reason: 'unknown event' };
  const name = event as EventName;
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'payload rejected' };
  }
  return { ok: true, event: name, payload: parsed.data };
}
