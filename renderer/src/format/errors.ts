import { isConsoleError, type ConsoleErrorPayload } from '#shared/errors.ts';

/** What the stores keep of a failure: the payload the views show (message as is). */
export function toErrorPayload(error: unknown): ConsoleErrorPayload {
  if (isConsoleError(error)) return error.toPayload();
  return { code: 'internal', message: 'Something went wrong inside the console. Try again; if it keeps happening, restart the console.' };
}

export function detailString(error: ConsoleErrorPayload | null, key: string): string | null {
  const value = error?.details?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

export function detailNumber(error: ConsoleErrorPayload | null, key: string): number | null {
  const value = error?.details?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
