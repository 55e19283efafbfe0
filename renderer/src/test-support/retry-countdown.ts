import { act, screen } from '@testing-library/react';
import { expect, vi } from 'vitest';

/**
 * Follows a refused action's retry countdown on the fake clock (setInterval, clearInterval and Date faked):
 * it reads `seconds` with `button` disabled, `seconds - step` after `step` seconds, still disabled, and
 * "You can try again now." at the end, with `button` enabled again.
 */
export function followRetryCountdown(button: HTMLButtonElement, seconds: number, step: number): void {
  expect(screen.getByTestId('retry-countdown').textContent).toBe(`Try again in ${seconds} s`);
  expect(button.disabled).toBe(true);

  act(() => vi.advanceTimersByTime(step * 1000));
  expect(screen.getByTestId('retry-countdown').textContent).toBe(`Try again in ${seconds - step} s`);
  expect(button.disabled).toBe(true);

  act(() => vi.advanceTimersByTime((seconds - step) * 1000));
  expect(screen.getByTestId('retry-countdown').textContent).toBe('You can try again now.');
  expect(button.disabled).toBe(false);
}
