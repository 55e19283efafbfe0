import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron binary is, or why there is none. Looks on disk only: since Electron 42,
 * `require('electron')` tries to download the binary, which must never happen implicitly.
 */
export function findElectronBinary(repoRoot: string): { path: string } | { missing: string } {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  if (!existsSync(packageDir)) return { missing: 'the electron npm package is not installed' };
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'it was never downloaded: node_modules/electron/path.txt is absent' };
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `the Electron binary ${binary} is missing` };
}
