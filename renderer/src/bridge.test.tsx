import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { findBridge } from './bridge.ts';
import { BridgeMissingView } from './views/BridgeMissingView.tsx';
import { FakeBridge } from './test-support/fake-bridge.ts';
import './test-support/render-console.tsx';

describe('bridge lookup', () => {
  it('finds the shell-provided centralConsole object (fake bridge)', () => {
    const bridge = new FakeBridge();
    expect(findBridge({ centralConsole: bridge })).toBe(bridge);
  });

  it('refuses a missing or half-made bridge and explains where the page belongs', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ centralConsole: { invoke: () => undefined } })).toBeNull();

    render(<BridgeMissingView />);
    expect(screen.getByRole('heading').textContent).toBe('This page must be opened by Central Console');
  });
});
