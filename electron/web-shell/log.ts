import type { Log } from '#core/log.ts';

export const silentLog: Log = () => {};
