import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { SEVERITIES, type Finding, type Severity } from './gate.ts';

const require = createRequire(import.meta.url);

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name?: string; value: number };
  confidence: { name?: string; value: number };
  description: string;
}
interface RawResult {
  issues: RawIssue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}
type Runner = (options: Record<string, unknown>) => Promise<RawResult>;

let runner: Runner | null = null;

/**
 * Electronegativity's runner, loaded offline: it fetches translations with `got` before every scan,
 * and under Node 24 got's retry after a failed request throws from a timer and kills the process.
 * The scan needs no translations (the bundled en-US ones are used), so `got` is answered with an
 * immediate failure instead.
 */
function loadRunner(): Runner {
  if (runner) return runner;
  const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = require.resolve('got', { paths: [path.join(packageDir, 'dist', 'locales')] });
  const offlineGot = new Module(gotPath);
  offlineGot.filename = gotPath;
  offlineGot.loaded = true;
  offlineGot.exports = () => Promise.reject(new Error('electronegativity runs offline'));
  require.cache[gotPath] = offlineGot;
  const loaded = require('@doyensec/electronegativity') as Runner | { default: Runner };
  runner = typeof loaded === 'function' ? loaded : loaded.default;
  return runner;
}

const severityName = (value: number): Severity => SEVERITIES[value] ?? 'HIGH';

/** Scans `inputDir` (sources, .ts included) as Electron `electronVersion`; file paths relative to `root`. */
export async function scanWithElectronegativity(inputDir: string, root: string, electronVersion: string): Promise<{ findings: Finding[]; parseErrors: string[] }> {
  const input = path.resolve(inputDir);
  const result = await loadRunner()({ input, isRelative: false, electronVersionOverride: electronVersion, customScan: [], excludeFromScan: [] });
  const findings = result.issues.map((issue) => ({
    check: issue.id,
    severity: severityName(issue.severity.value),
    confidence: issue.confidence.name ?? String(issue.confidence.value),
    file: issue.file === 'N/A' ? 'N/A' : path.relative(root, issue.file).replaceAll('\\', '/'),
    line: issue.location.line,
    description: issue.description,
  }));
  // A file it could not parse was not checked at all.
  const parseErrors = result.errors.filter((error) => !error.tolerable).map((error) => `${path.relative(root, error.file)}: ${error.message}`);
  return { findings, parseErrors };
}
