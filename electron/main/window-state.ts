import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WindowStateSchema = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WINDOW_SIZE = { width: 900, height: 600 };
/** How much of the title bar must be on a display for the window to count as visible there. */
const VISIBLE_MARGIN = 64;

const overlap = (a: Rect, b: Rect) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/**
 * Where to open the window: the remembered bounds when their title bar is on a display today
 * (a monitor may have been unplugged since), fitted into that display's work area; otherwise the
 * remembered size, fitted to the primary display and left for the OS to place. Null: no memory.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): { bounds: Partial<Rect>; maximized: boolean } | null {
  const [primary] = workAreas;
  if (!saved || !primary) return null;
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(saved.height, VISIBLE_MARGIN) };
  const display = workAreas.find((area) => overlap(titleBar, area) >= Math.min(VISIBLE_MARGIN * VISIBLE_MARGIN, titleBar.width * titleBar.height) / 2);
  const target = display ?? primary;
  const width = Math.max(MIN_WINDOW_SIZE.width, Math.min(saved.width, target.width));
  const height = Math.max(MIN_WINDOW_SIZE.height, Math.min(saved.height, target.height));
  if (!display) return { bounds: { width, height }, maximized: saved.maximized };
  const x = Math.min(Math.max(saved.x, target.x), target.x + target.width - width);
  const y = Math.min(Math.max(saved.y, target.y), target.y + target.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** The remembered state, or null when there is none or the file is not one this console wrote. */
export async function readWindowState(dataDir: string): Promise<WindowState | null> {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(await readFile(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written owner-only and atomically: a crash mid-write leaves the previous file. */
export async function writeWindowState(dataDir: string, state: WindowState): Promise<void> {
  const parsed = WindowStateSchema.parse({ ...state, x: Math.round(state.x), y: Math.round(state.y), width: Math.round(state.width), height: Math.round(state.height) });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, WINDOW_STATE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(parsed), { mode: 0o600 });
  await rename(temporary, file);
}
