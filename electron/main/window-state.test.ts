import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeWindow, readWindowState, WINDOW_STATE_FILE, writeWindowState } from './window-state.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const external = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('placeWindow', () => {
  it('reopens where the window was, on the display it was on', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 1300, height: 900, maximized: false }, [laptop, external])).toEqual({ bounds: { x: 1600, y: 100, width: 1300, height: 900 }, maximized: false });
  });

  it('on a display that is gone, keeps the size fitted to the primary display and lets the OS place it', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 2000, height: 1200, maximized: true }, [laptop])).toEqual({ bounds: { width: 1440, height: 870 }, maximized: true });
  });

  it('pulls a window hanging off the edge back inside the display, and never below the minimum size', () => {
    expect(placeWindow({ x: 1000, y: -20, width: 600, height: 300, maximized: false }, [laptop])).toEqual({ bounds: { x: 540, y: 0, width: 900, height: 600 }, maximized: false });
  });

  it('without memory or displays: the defaults', () => {
    expect(placeWindow(null, [laptop])).toBeNull();
    expect(placeWindow({ x: 0, y: 0, width: 1000, height: 700, maximized: false }, [])).toBeNull();
  });
});

describe('the window state file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cc-window-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is written owner-only and read back', async () => {
    await writeWindowState(dir, { x: 10.4, y: 20, width: 1200, height: 800, maximized: false });
    expect(await readWindowState(dir)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    expect((await stat(path.join(dir, WINDOW_STATE_FILE))).mode & 0o777).toBe(0o600);
  });

  it('is ignored when missing, not JSON, or not what the console writes', async () => {
    expect(await readWindowState(dir)).toBeNull();
    await writeFile(path.join(dir, WINDOW_STATE_FILE), '{not json');
    expect(await readWindowState(dir)).toBeNull();
    await writeFile(path.join(dir, WINDOW_STATE_FILE), JSON.stringify({ x: 0, y: 0, width: 1e9, height: 10, maximized: false, extra: 1 }));
    expect(await readWindowState(dir)).toBeNull();
    expect(await readFile(path.join(dir, WINDOW_STATE_FILE), 'utf8')).toContain('extra');
  });
});
