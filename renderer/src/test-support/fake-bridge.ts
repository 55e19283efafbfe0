import type { ConsoleBridge } from '#shared/ipc/bridge.ts';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { ChannelName, ChannelOutput, EventName, EventPayload, IpcResult } from '#shared/ipc/contract.ts';

/** What a scripted channel answers: a value, an error, or a function of the input deciding either. */
export type ScriptedAnswer<C extends ChannelName> =
  | { ok: true; value: ChannelOutput<C> }
  | { ok: false; error: ConsoleErrorPayload }
  | ((input: unknown) => IpcResult | Promise<IpcResult>);

export type Script = { [C in ChannelName]?: ScriptedAnswer<C> };

export interface RecordedCall {
  channel: string;
  input: unknown;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: ConsoleErrorPayload['code'], message: string, details?: ConsoleErrorPayload['details']) {
  return { ok: false as const, error: details ? { code, message, details } : { code, message } };
}

/**
 * A ConsoleBridge with scripted answers in the real IpcResult envelope, recording every call,
 * and able to emit contract events. A channel with no script answers with an error, so a test
 * notices calls it did not expect.
 */
export class FakeBridge implements ConsoleBridge {
  readonly calls: RecordedCall[] = [];
  private readonly script: Script;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(script: Script = {}) {
    this.script = { ...script };
  }

  answer<C extends ChannelName>(channel: C, answer: ScriptedAnswer<C>): void {
    (this.script as Record<string, unknown>)[channel] = answer;
  }

  async invoke(channel: string, input?: unknown): Promise<unknown> {
    this.calls.push({ channel, input });
    const answer = (this.script as Record<string, ScriptedAnswer<ChannelName> | undefined>)[channel];
    if (answer === undefined) return fail('internal', `fake bridge: no scripted answer for ${channel}`);
    return typeof answer === 'function' ? answer(input) : structuredClone(answer);
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(structuredClone(payload));
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.input);
  }
}
