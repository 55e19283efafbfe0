import { isAbsolute, relative } from 'node:path';

/** Whether `candidate` lies below `root` (not `root` itself); both already resolved. */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
