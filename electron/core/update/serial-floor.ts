/**
 * The lowest manifest serial this build accepts when it has never accepted one (first run, or
 * its record was lost): the serial its own release is signed with. Raised in every release
 * (docs/RELEASING.md), so even a fresh install refuses manifests older than itself.
 */
export const UPDATE_SERIAL_FLOOR = 1;
