/** How core and both shells log: a level, a sentence, and fields that never hold secrets. */
export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
