/**
 * The real server renders timestamps two ways, and clients must accept both:
 * - Python `datetime.isoformat()` (hand-built dicts such as /api/sites rows): `+00:00`, fraction omitted when zero.
 * - Pydantic v2 models (e.g. ClientOverview.last_incident): `Z`, fraction omitted when zero.
 * Fractions are microseconds (6 digits); the simulator's clock has millisecond resolution.
 */
export function pythonIsoformat(ms: number): string {
  return `${isoWithoutZone(ms)}+00:00`;
}

export function pydanticIso(ms: number): string {
  return `${isoWithoutZone(ms)}Z`;
}

function isoWithoutZone(ms: number): string {
  const whole = new Date(ms).toISOString(); // 2026-05-17T10:00:00.123Z
  const seconds = whole.slice(0, 19);
  const millis = whole.slice(20, 23);
  return millis === '000' ? seconds : `${seconds}.${millis}000`;
}
