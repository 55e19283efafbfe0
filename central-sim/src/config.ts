/** Tunables of the real server that tests want to change at run time (POST /control/config). */
export interface SimConfig {
  lockoutThreshold: number;
  lockoutMinutes: number;
  authRateLimitPerMinute: number;
  generalRateLimitPerMinute: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export const DEFAULT_CONFIG: Readonly<SimConfig> = {
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  authRateLimitPerMinute: 5,
  generalRateLimitPerMinute: 60,
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 24,
};

export function parseConfigPatch(input: unknown): Partial<SimConfig> | string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'body must be a JSON object';
  const patch: Partial<SimConfig> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_CONFIG)) return `unknown setting ${key}; known: ${Object.keys(DEFAULT_CONFIG).join(', ')}`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return `${key} must be a positive number`;
    patch[key as keyof SimConfig] = value;
  }
  return patch;
}
