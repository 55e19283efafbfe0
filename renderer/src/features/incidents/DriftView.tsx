import { useState } from 'react';
import { CHILDREN_PAGE, describeDriftValue, describeSize, formatBytes, RAW_CHUNK_CHARS, readDrift, STRING_PREVIEW_CHARS, type DriftNode } from './drift-data.ts';

interface DriftViewProps {
  driftJson: string | null;
  driftTruncated: boolean;
  driftBytes: number;
}

/** The incident's drift data as inert, structured text: collapsed past the first level, children a page at a time. */
export function DriftView({ driftJson, driftTruncated, driftBytes }: DriftViewProps) {
  const drift = readDrift(driftJson);
  return (
    <section className="incident-section" aria-label="Drift data" data-testid="drift-data">
      <h3 className="incident-section-title">
        Drift data <span className="muted">{driftBytes > 0 ? formatBytes(driftBytes) : ''}</span>
      </h3>
      {driftTruncated ? (
        <p className="muted incident-note">Only the first {formatBytes(driftJson?.length ?? 0)} of {formatBytes(driftBytes)} are kept in the cache; the rest is on the server.</p>
      ) : null}
      {drift.kind === 'none' ? <p className="muted">No drift data reported.</p> : null}
      {drift.kind === 'text' ? <RawText text={drift.text} /> : null}
      {drift.kind === 'json' ? (
        <div className="drift-tree" role="tree" aria-label="Drift data tree">
          <DriftBranch name={null} value={drift.value} depth={0} />
        </div>
      ) : null}
    </section>
  );
}

function DriftBranch({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const node = describeDriftValue(value);
  if (node.kind === 'object' || node.kind === 'array') return <DriftContainer name={name} node={node} depth={depth} />;
  return (
    <div className="drift-leaf" role="treeitem" aria-selected={false}>
      {name !== null ? <span className="drift-key">{name}: </span> : null}
      <DriftScalar node={node} />
    </div>
  );
}

function DriftContainer({ name, node, depth }: { name: string | null; node: Extract<DriftNode, { kind: 'object' | 'array' }>; depth: number }) {
  const [open, setOpen] = useState(depth === 0);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const children: Array<[string, unknown]> = node.kind === 'object' ? node.entries : node.items.map((item, index) => [String(index), item]);
  return (
    <div className="drift-branch" role="treeitem" aria-expanded={open} aria-selected={false}>
      <button type="button" className="drift-toggle" onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {name !== null ? <span className="drift-key">{name}</span> : null}
        <span className="muted">
          {' '}
          {node.kind === 'array' ? '[ ]' : '{ }'} {describeSize(node)}
        </span>
      </button>
      {open ? (
        <div role="group" className="drift-children">
          {children.slice(0, shown).map(([key, child]) => (
            <DriftBranch key={key} name={key} value={child} depth={depth + 1} />
          ))}
          {children.length > shown ? (
            <button type="button" className="link-button drift-more" onClick={() => setShown(shown + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, children.length - shown).toLocaleString()} more of {(children.length - shown).toLocaleString()}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function DriftScalar({ node }: { node: Exclude<DriftNode, { kind: 'object' | 'array' }> }) {
  const [whole, setWhole] = useState(false);
  if (node.kind !== 'string') return <span className={`drift-${node.kind}`}>{node.text}</span>;
  const long = node.value.length > STRING_PREVIEW_CHARS;
  return (
    <span className="drift-string">
      {long && !whole ? `${node.value.slice(0, STRING_PREVIEW_CHARS)}…` : node.value}
      {long ? (
        <button type="button" className="link-button drift-more" onClick={() => setWhole(!whole)}>
          {whole ? 'Show less' : `Show all ${node.value.length.toLocaleString()} characters`}
        </button>
      ) : null}
    </span>
  );
}

/** Drift that is not JSON (a copy cut at the cache's size cap): plain text, a chunk at a time. */
function RawText({ text }: { text: string }) {
  const [chunks, setChunks] = useState(1);
  const shown = Math.min(text.length, chunks * RAW_CHUNK_CHARS);
  return (
    <div className="drift-raw">
      <pre className="drift-raw-text">{text.slice(0, shown)}</pre>
      {shown < text.length ? (
        <button type="button" className="link-button drift-more" onClick={() => setChunks(chunks + 1)}>
          Show more ({(text.length - shown).toLocaleString()} characters left)
        </button>
      ) : null}
    </div>
  );
}
