import { describe, expect, it } from 'vitest';
import { InvalidSessionTransition, nextSessionState, SESSION_STATES, SESSION_TRANSITIONS } from './machine.ts';

describe('session state table', () => {
  it('walks the documented happy path with a second factor', () => {
    let state = nextSessionState('signed-out', 'mfa-challenged');
    expect(state).toBe('mfa-required');
    state = nextSessionState(state, 'mfa-accepted');
    expect(state).toBe('signed-in');
    state = nextSessionState(state, 'idle-timeout');
    expect(state).toBe('locked');
    expect(nextSessionState(state, 'token-rejected')).toBe('expired');
    expect(nextSessionState(state, 'signed-out')).toBe('signed-out');
  });

  it('refuses transitions the table does not list', () => {
    expect(() => nextSessionState('signed-out', 'idle-timeout')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('mfa-required', 'unlocked')).toThrow(/cannot go from "mfa-required"/);
  });

  it('lets every state reach signed-out', () => {
    for (const state of SESSION_STATES) expect(SESSION_TRANSITIONS[state]['signed-out']).toBe('signed-out');
  });
});
