import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// Lint self-test for the restricted-syntax rules, on the real project config: the renderer's
// block must keep the project-wide selectors (flat config replaces, never merges, rule options)
// and must catch dangerouslySetInnerHTML in every form React accepts.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: repoRoot });

async function restrictedSyntaxErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`the sample does not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const TLS_OFF = "export const options = { rejectUnauthorized: false };";

describe('no-restricted-syntax (real ESLint config)', () => {
  it.each(['electron/core/bad.ts', 'electron/main/bad.ts', 'renderer/src/bad.ts', 'renderer/src/bad.tsx'])('refuses turning off TLS verification in %s', async (file) => {
    expect(await restrictedSyntaxErrors(file, TLS_OFF)).toEqual(['Never turn off TLS verification.']);
  });

  it.each([
    ['a JSX attribute', 'export const A = (p: { t: string }) => <div dangerouslySetInnerHTML={{ __html: p.t }} />;'],
    ['spread props', 'export const props = { dangerouslySetInnerHTML: { __html: "x" } };'],
    ['a property assignment', 'export function f(props: Record<string, unknown>) { props.dangerouslySetInnerHTML = { __html: "x" }; }'],
  ])('refuses dangerouslySetInnerHTML as %s in the renderer', async (_form, code) => {
    const errors = await restrictedSyntaxErrors('renderer/src/bad.tsx', code);
    expect(errors).toEqual(['Render server text as text.']);
  });

  it.each([
    ['electron/main/bad.ts', "import { shell } from 'electron';\nexport const open = (url: string) => shell.openExternal(url);"],
    ['electron/main/bad.ts', "import { shell } from 'electron';\nexport const { openExternal } = shell;"],
    ['electron/main/bad.ts', "import { openExternal } from './somewhere.ts';\nexport const o = openExternal;"],
    ['electron/preload/bad.ts', "export const open = (s: { openExternal(u: string): void }) => s.openExternal('x');"],
    ['renderer/src/bad.tsx', "export const open = (s: { openExternal(u: string): void }) => s.openExternal('x');"],
  ])('refuses shell.openExternal outside external-links.ts (%s)', async (file, code) => {
    expect(await restrictedSyntaxErrors(file, code)).toContain('Open links only through electron/main/external-links.ts (allow-listed https, confirmed).');
  });

  it('lets external-links.ts call shell.openExternal, and still refuses TLS off there', async () => {
    const code = "import { shell } from 'electron';\nexport const open = (url: string) => shell.openExternal(url);";
    expect(await restrictedSyntaxErrors('electron/main/external-links.ts', code)).toEqual([]);
    expect(await restrictedSyntaxErrors('electron/main/external-links.ts', TLS_OFF)).toEqual(['Never turn off TLS verification.']);
  });

  it('lets the renderer render text', async () => {
    expect(await restrictedSyntaxErrors('renderer/src/good.tsx', 'export const A = (p: { t: string }) => <div title={p.t}>{p.t}</div>;')).toEqual([]);
  });
});
