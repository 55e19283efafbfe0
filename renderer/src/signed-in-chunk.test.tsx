import { act, render, screen } from '@testing-library/react';
import { Suspense, lazy } from 'react';
import { describe, expect, it } from 'vitest';
import { ScreenLoadError } from './components/ScreenLoadError.tsx';
import { preloadSignedInConsole } from './signed-in-chunk.tsx';

describe('the signed-in chunk', () => {
  it('is fetched once, however often it is asked for', () => {
    expect(preloadSignedInConsole()).toBe(preloadSignedInConsole());
  });

  it('turns a chunk that cannot be loaded into a sentence with a way out, not a blank window', async () => {
    const Broken = lazy(() => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    await act(async () => {
      render(
        <ScreenLoadError>
          <Suspense fallback={<p>Starting…</p>}>
            <Broken />
          </Suspense>
        </ScreenLoadError>,
      );
    });
    expect(screen.getByRole('alert').textContent).toContain('could not be loaded (Failed to fetch dynamically imported module)');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });
});
