import { describe, expect, it } from 'vitest';
import { isConsoleError, type ConsoleError } from '../errors.ts';
import type { ConsoleBridge } from './bridge.ts';
import { createContractClient } from './client.ts';

function bridgeAnswering(answer: unknown): ConsoleBridge {
  return { invoke: async () => answer, on: () => () => undefined };
}

async function errorOf(promise: Promise<unknown>): Promise<ConsoleError> {
  try {
    await promise;
  } catch (error) {
    if (isConsoleError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the renderer contract client (the trusted side parsed the answer; the client reads the envelope)', () => {
  it('hands back the value of an ok answer', async () => {
    const client = createContractClient(bridgeAnswering({ ok: true, value: { idleLockMinutes: 15, maxOfflineDays: 7 } }));
    expect(await client.call('settings:get')).toEqual({ idleLockMinutes: 15, maxOfflineDays: 7 });
  });

  it('raises the error of a failed answer with its code, message and details', async () => {
    const client = createContractClient(bridgeAnswering({ ok: false, error: { code: 'rate-limited', message: 'Wait a minute.', details: { retryAfterSeconds: 60 } } }));
    const error = await errorOf(client.call('session:get'));
    expect([error.code, error.message, error.details]).toEqual(['rate-limited', 'Wait a minute.', { retryAfterSeconds: 60 }]);
  });

  it.each([
    ['nothing', undefined],
    ['a bare value', 42],
    ['an ok answer without a value', { ok: true }],
    ['an error with an unknown code', { ok: false, error: { code: 'teapot', message: 'x' } }],
    ['an error without a message', { ok: false, error: { code: 'internal' } }],
    ['an error with nested details', { ok: false, error: { code: 'internal', message: 'x', details: { a: { b: 1 } } } }],
  ])('turns %s into a readable internal error, not a crash', async (_, answer) => {
    const error = await errorOf(createContractClient(bridgeAnswering(answer)).call('session:get'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe("The console's answer to session:get was malformed.");
  });
});
