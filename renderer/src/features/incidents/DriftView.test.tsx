import { cleanup, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftView } from './DriftView.tsx';
import { CHILDREN_PAGE, RAW_CHUNK_CHARS, STRING_PREVIEW_CHARS } from './drift-data.ts';

afterEach(() => cleanup());

const HOSTILE = {
  '<img src=x onerror="alert(1)">': '<script>alert("drift")</script>',
  nested: { markup: '<b>bold</b><iframe src="https://example.invalid/"></iframe>', rtl: '\u202Egnp.exe\u202C', emoji: '👩‍⚕️' },
};

function renderDrift(value: unknown, options: { raw?: string; truncated?: boolean } = {}) {
  const driftJson = options.raw ?? JSON.stringify(value);
  return render(<DriftView driftJson={driftJson} driftTruncated={options.truncated ?? false} driftBytes={driftJson.length} />);
}

describe('drift data', () => {
  it('shows markup, script and RTL overrides from the appliance as text: no element of theirs reaches the page', async () => {
    const user = userEvent.setup();
    const { container } = renderDrift(HOSTILE);
    await user.click(screen.getByRole('button', { name: /nested/ }));
    const tree = screen.getByRole('tree', { name: 'Drift data tree' });
    expect(tree.textContent).toContain('<script>alert("drift")</script>');
    expect(tree.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(tree.textContent).toContain('<b>bold</b><iframe src="https://example.invalid/"></iframe>');
    expect(tree.textContent).toContain('\u202Egnp.exe\u202C');
    expect(container.querySelectorAll('script, img, iframe, b, svg')).toHaveLength(0);
  });

  it(`a megabyte of drift stays a small page: the first level only, ${CHILDREN_PAGE} children at a time, long strings cut`, async () => {
    const user = userEvent.setup();
    const big: Record<string, unknown> = {};
    for (let index = 0; index < 5_000; index++) big[`setting_${index}`] = { value: 'x'.repeat(150), expected: 'y'.repeat(40) };
    big.log = 'z'.repeat(300_000);
    const json = JSON.stringify(big);
    expect(json.length).toBeGreaterThan(1_000_000);
    const { container } = renderDrift(big);
    // Collapsed children render one line each; nothing of the megabyte is laid out beyond the first page.
    expect(container.querySelectorAll('[role="treeitem"]').length).toBe(1 + CHILDREN_PAGE);
    expect(container.textContent!.length).toBeLessThan(20_000);
    await user.click(screen.getByRole('button', { name: `Show ${CHILDREN_PAGE} more of ${(5_001 - CHILDREN_PAGE).toLocaleString()}` }));
    expect(container.querySelectorAll('[role="treeitem"]').length).toBe(1 + 2 * CHILDREN_PAGE);
  });

  it(`a string longer than ${STRING_PREVIEW_CHARS.toLocaleString()} characters is cut until asked for`, async () => {
    const user = userEvent.setup();
    renderDrift({ log: 'a'.repeat(STRING_PREVIEW_CHARS * 3) });
    const leaf = screen.getByText(/^log:/).parentElement!;
    expect(leaf.textContent!.length).toBeLessThan(STRING_PREVIEW_CHARS + 100);
    await user.click(within(leaf).getByRole('button', { name: `Show all ${(STRING_PREVIEW_CHARS * 3).toLocaleString()} characters` }));
    expect(leaf.textContent!.length).toBeGreaterThan(STRING_PREVIEW_CHARS * 3);
  });

  it('drift cut at the cache cap (not JSON any more) is plain text, a chunk at a time, and says the rest is on the server', async () => {
    const user = userEvent.setup();
    const raw = `{"config": "${'<script>'.repeat((RAW_CHUNK_CHARS / 8) * 1.5)}`;
    const { container } = renderDrift(null, { raw, truncated: true });
    expect(screen.getByText(/the rest is on the server/)).toBeTruthy();
    const text = container.querySelector('pre')!;
    expect(text.textContent!.length).toBe(RAW_CHUNK_CHARS);
    expect(container.querySelectorAll('script')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: /Show more/ }));
    expect(text.textContent!.length).toBe(raw.length);
  });

  it('says so when the appliance reported no drift', () => {
    render(<DriftView driftJson={null} driftTruncated={false} driftBytes={0} />);
    expect(screen.getByText('No drift data reported.')).toBeTruthy();
  });
});
