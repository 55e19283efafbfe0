import { ConsoleError } from '#shared/errors.ts';

// Without SQLite (cache-errors.ts reads its error class): the main thread's side names damage too and imports no SQLite.

export function wrongKeyError(file: string, reason: string): ConsoleError {
  return new ConsoleError(
    'cache-wrong-key',
    'The local cache was locked with a different key than the one in the system keychain, so it cannot be read.',
    { path: file, reason },
  );
}

export function corruptCacheError(file: string, reason: string): ConsoleError {
  return new ConsoleError('cache-corrupt', `The local cache is damaged (${reason}).`, { path: file, reason });
}
