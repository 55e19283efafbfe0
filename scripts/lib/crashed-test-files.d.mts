// Types for crashed-test-files.mjs (plain JS so scripts/run.mjs can load it before the toolchain exists).
export function crashedTestFiles(report: unknown, output: string): Array<{ file: string; signal: string }>;
export function withRerunFiles<Report>(report: Report, rerun: unknown): Report;
