// Types for files-to-run-again.mjs (plain JS so scripts/run.mjs can load it before the toolchain exists).
export function filesToRunAgain(report: unknown, output: string): Array<{ file: string; why: string }>;
export function withRerunFiles<Report>(report: Report, rerun: unknown): Report;
