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

  it('starts a restored session locked and unlocks it, online with a second step or offline', () => {
    const locked = nextSessionState('signed-out', 'session-restored');
    expect(locked).toBe('locked');
    expect(nextSessionState(locked, 'unlocked')).toBe('signed-in');
    const secondStep = nextSessionState(locked, 'mfa-challenged');
    expect(secondStep).toBe('mfa-required');
    expect(nextSessionState(secondStep, 'unlock-cancelled')).toBe('locked');
    expect(nextSessionState(secondStep, 'mfa-accepted')).toBe('signed-in');
    expect(nextSessionState('signed-in', 'lock-requested')).toBe('locked');
  });

  it('never unlocks without a password step', () => {
    expect(() => nextSessionState('signed-out', 'unlocked')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('expired', 'unlocked')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('locked', 'session-restored')).toThrow(InvalidSessionTransition);
  });

  it('refuses transitions the table does not list', () => {
    expect(() => nextSessionState('signed-out', 'idle-timeout')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('mfa-required', 'unlocked')).toThrow(/cannot go from "mfa-required"/);
  });

  it('lets every state reach signed-out', () => {
    for (const state of SESSION_STATES) expect(SESSION_TRANSITIONS[state]['signed-out']).toBe('signed-out');
  });

  it('reviews offline only from the lock screen, and leaves the review by locking, signing in online or signing out', () => {
    expect(nextSessionState('locked', 'review-opened')).toBe('reviewing');
    for (const from of SESSION_STATES.filter((state) => state !== 'locked')) {
      expect(() => nextSessionState(from, 'review-opened'), from).toThrow(InvalidSessionTransition);
    }
    expect(nextSessionState('reviewing', 'idle-timeout')).toBe('locked');
    expect(nextSessionState('reviewing', 'lock-requested')).toBe('locked');
    expect(nextSessionState('reviewing', 'unlocked')).toBe('signed-in');
    const secondStep = nextSessionState('reviewing', 'mfa-challenged');
    expect(nextSessionState(secondStep, 'unlock-cancelled')).toBe('locked');
    expect(nextSessionState(secondStep, 'mfa-accepted')).toBe('signed-in');
  });

  it('a review holds no token, so no server answer can expire it', () => {
    expect(() => nextSessionState('reviewing', 'token-rejected')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('reviewing', 'session-restored')).toThrow(InvalidSessionTransition);
    expect(() => nextSessionState('reviewing', 'password-accepted')).toThrow(InvalidSessionTransition);
  });
});
