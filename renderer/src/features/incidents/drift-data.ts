/**
 * Drift data is whatever an appliance reported: any JSON, any size (a megabyte is normal for a
 * full configuration diff), any content (markup, script, bidirectional overrides). It is shown as
 * text nodes only, and a piece at a time: a node's children are listed a page at a time and long
 * strings are cut, so the DOM stays small whatever arrives.
 */
export type DriftNode =
  | { kind: 'object'; entries: Array<[string, unknown]> }
  | { kind: 'array'; items: unknown[] }
  | { kind: 'string'; value: string }
  | { kind: 'number' | 'boolean' | 'null'; text: string };

export const CHILDREN_PAGE = 100;
export const STRING_PREVIEW_CHARS = 2_000;
export const RAW_CHUNK_CHARS = 32_000;

export function describeDriftValue(value: unknown): DriftNode {
  if (value === null || value === undefined) return { kind: 'null', text: 'null' };
  if (Array.isArray(value)) return { kind: 'array', items: value };
  if (typeof value === 'object') return { kind: 'object', entries: Object.entries(value as Record<string, unknown>) };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return { kind: 'number', text: String(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', text: String(value) };
  return { kind: 'string', value: String(value) };
}

export type ReadDrift = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

/** Structured when the JSON reads (a cut-off copy does not), else the raw text, never markup. */
export function readDrift(driftJson: string | null): ReadDrift {
  if (driftJson === null || driftJson === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(driftJson) as unknown };
  } catch {
    return { kind: 'text', text: driftJson };
  }
}

/** "3 keys", "1 item": what a collapsed node holds. */
export function describeSize(node: DriftNode): string {
  if (node.kind === 'object') return `${node.entries.length.toLocaleString()} ${node.entries.length === 1 ? 'key' : 'keys'}`;
  if (node.kind === 'array') return `${node.items.length.toLocaleString()} ${node.items.length === 1 ? 'item' : 'items'}`;
  return '';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
