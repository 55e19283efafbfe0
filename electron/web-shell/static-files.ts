import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { contentTypeFor, INDEX_FILE, rendererRelativePath } from '#shared/security/renderer-paths.ts';
import { isInside } from '#core/files/is-inside.ts';

export type StaticFile = { kind: 'file'; relativePath: string; contentType: string; body: Buffer } | { kind: 'missing' };

/**
 * A file of the built renderer for a URL path, never a directory listing and never anything outside
 * rendererDir (dot segments, encoded separators and symlinks leading out all end as "missing").
 */
export async function readRendererFile(rendererDir: string, urlPathname: string): Promise<StaticFile> {
  const relativePath = rendererRelativePath(urlPathname);
  if (!relativePath) return { kind: 'missing' };
  const contentType = contentTypeFor(relativePath);
  if (!contentType) return { kind: 'missing' };
  try {
    const root = await realpath(resolve(rendererDir));
    const filePath = await realpath(join(root, relativePath));
    if (!isInside(root, filePath) || !(await stat(filePath)).isFile()) return { kind: 'missing' };
    return { kind: 'file', relativePath, contentType, body: await readFile(filePath) };
  } catch {
    return { kind: 'missing' };
  }
}


export function isIndexFile(relativePath: string): boolean {
  return relativePath === INDEX_FILE;
}

/**
 * Puts the bridge script before every other script of index.html (right after <head>), so
 * window.centralConsole exists before the app's module script runs; `before` (the page secret's
 * <meta>) goes right ahead of it, where the bridge script finds it.
 */
export function injectBridgeScript(html: string, scriptPath: string, before = ''): string {
  const tag = `${before}<script src="${scriptPath}"></script>`;
  const head = /<head(?:\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  const root = /<html(?:\s[^>]*)?>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + `<head>${tag}</head>` + html.slice(root.index + root[0].length);
  return tag + html;
}
