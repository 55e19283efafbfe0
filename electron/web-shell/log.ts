export type WebShellLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export const silentLog: WebShellLog = () => {};
