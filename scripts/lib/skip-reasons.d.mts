// Types for skip-reasons.mjs (plain JS so scripts/run.mjs can load it before the toolchain exists).
export function vitestSkipReasons(report: unknown, root: string): string[];
export function playwrightSkipReasons(report: unknown): string[];
export function unexplainedSkips(line: string): number;
