import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { FleetOrg, FleetSite } from '#shared/fleet/index.ts';
import { pluralize } from '../../format/numbers.ts';
import { orgKey, type OrgChildren } from './org-store.ts';
import { LiveStatusBadge } from '../../components/LiveStatusBadge.tsx';

/** Statuses a technician must see on a collapsed org node, in this order. */
const ALERT_STATUSES = ['offline', 'stale'] as const;

type TreeNode =
  | { kind: 'all'; id: string }
  | { kind: 'org'; id: string; org: FleetOrg; key: string }
  | { kind: 'site'; id: string; site: FleetSite; parentId: string }
  | { kind: 'more'; id: string; key: string; parentId: string; hidden: number };

interface OrgTreeProps {
  orgs: readonly FleetOrg[];
  /** The fleet query's orgId: null = all sites. */
  selected: string | null;
  totalSites: number;
  childrenByOrg: Readonly<Record<string, OrgChildren>>;
  onSelect(orgId: string | null): void;
  onLoadChildren(key: string): void;
  onOpenSite(siteId: string): void;
}

function orgLabel(org: FleetOrg): string {
  return org.orgName ?? (org.orgId === null ? 'No organisation' : org.orgId);
}

function alertCounts(org: FleetOrg): { status: string; count: number }[] {
  return ALERT_STATUSES.map((status) => ({ status, count: org.statusCounts[status] ?? 0 })).filter((entry) => entry.count > 0);
}

function orgAriaLabel(org: FleetOrg): string {
  const parts = [`${orgLabel(org)}, ${org.siteCount} ${pluralize(org.siteCount, 'site')}`];
  for (const { status, count } of alertCounts(org)) parts.push(`${count} ${status}`);
  return parts.join(', ');
}

/** The visible nodes in display order: what Up/Down walk through. */
function visibleNodes(orgs: readonly FleetOrg[], expanded: ReadonlySet<string>, childrenByOrg: Readonly<Record<string, OrgChildren>>): TreeNode[] {
  const nodes: TreeNode[] = [{ kind: 'all', id: 'all' }];
  for (const org of orgs) {
    const key = orgKey(org.orgId);
    const id = `org:${key}`;
    nodes.push({ kind: 'org', id, org, key });
    if (!expanded.has(key)) continue;
    const children = childrenByOrg[key];
    for (const site of children?.sites ?? []) nodes.push({ kind: 'site', id: `site:${site.siteId}`, site, parentId: id });
    if (children && children.total > children.sites.length) {
      nodes.push({ kind: 'more', id: `more:${key}`, key, parentId: id, hidden: children.total - children.sites.length });
    }
  }
  return nodes;
}

/**
 * The client-org → site tree (as RMM consoles show it). Selecting a node narrows the sites table
 * through the fleet query; expanding an org lists its sites, each opening its page. One tab stop,
 * arrow keys inside (the WAI-ARIA tree pattern).
 */
export function OrgTree({ orgs, selected, totalSites, childrenByOrg, onSelect, onLoadChildren, onOpenSite }: OrgTreeProps) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const focusPending = useRef(false);

  const nodes = visibleNodes(orgs, expanded, childrenByOrg);
  const selectedId = selected === null ? 'all' : `org:${selected}`;
  const active = nodes.find((node) => node.id === activeId) ?? nodes.find((node) => node.id === selectedId) ?? nodes[0];

  // An expanded node whose sites are not loaded (first expansion, or after a refetch) asks for them.
  useEffect(() => {
    for (const key of expanded) if (!childrenByOrg[key]) onLoadChildren(key);
  }, [expanded, childrenByOrg, onLoadChildren]);

  useEffect(() => {
    if (!focusPending.current || !active) return;
    focusPending.current = false;
    const items = treeRef.current?.querySelectorAll<HTMLElement>('[role="treeitem"]') ?? [];
    for (const item of items) if (item.dataset['nodeId'] === active.id) item.focus();
  });

  function moveTo(id: string) {
    focusPending.current = true;
    setActiveId(id);
  }

  function setOpen(key: string, open: boolean) {
    setExpanded((before) => {
      const next = new Set(before);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  function activate(node: TreeNode) {
    setActiveId(node.id);
    if (node.kind === 'all') onSelect(null);
    else if (node.kind === 'org' || node.kind === 'more') onSelect(node.key);
    else onOpenSite(node.site.siteId);
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (!active) return;
    const index = nodes.indexOf(active);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        if (index < nodes.length - 1) moveTo(nodes[index + 1]!.id);
        break;
      case 'ArrowUp':
        if (index > 0) moveTo(nodes[index - 1]!.id);
        break;
      case 'Home':
        moveTo(nodes[0]!.id);
        break;
      case 'End':
        moveTo(nodes.at(-1)!.id);
        break;
      case 'ArrowRight':
        if (active.kind === 'org') {
          if (!expanded.has(active.key)) setOpen(active.key, true);
          else if (nodes[index + 1] && nodes[index + 1]!.kind !== 'org') moveTo(nodes[index + 1]!.id);
        }
        break;
      case 'ArrowLeft':
        if (active.kind === 'org' && expanded.has(active.key)) setOpen(active.key, false);
        else if (active.kind === 'site' || active.kind === 'more') moveTo(active.parentId);
        break;
      case 'Enter':
      case ' ':
        activate(active);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  function itemProps(node: TreeNode) {
    return {
      role: 'treeitem' as const,
      tabIndex: node.id === active?.id ? 0 : -1,
      'data-node-id': node.id,
      // Focus from a click or a screen reader moves the keyboard position too (not a child's bubbling focus).
      onFocus: (event: FocusEvent<HTMLElement>) => {
        if (event.target === event.currentTarget) setActiveId(node.id);
      },
    };
  }

  function renderChildren(key: string, parentId: string) {
    const children = childrenByOrg[key];
    if (!children || (children.loading && children.sites.length === 0)) {
      return <li className="org-tree-note muted" role="none">Loading sites…</li>;
    }
    if (children.error) return <li className="org-tree-note org-tree-error" role="none">{children.error.message}</li>;
    const more = nodes.find((node) => node.kind === 'more' && node.parentId === parentId);
    return (
      <>
        {children.sites.map((site) => {
          const node = nodes.find((candidate) => candidate.id === `site:${site.siteId}`);
          if (!node) return null;
          return (
            <li
              key={site.siteId}
              {...itemProps(node)}
              aria-level={2}
              aria-selected={false}
              className="org-tree-item org-tree-site"
              title={`Open ${site.clinicName}`}
              onClick={() => activate(node)}
            >
              <span className="org-tree-name">{site.clinicName}</span>
              <LiveStatusBadge status={site.liveStatus} />
            </li>
          );
        })}
        {more && more.kind === 'more' ? (
          <li {...itemProps(more)} aria-level={2} aria-selected={false} className="org-tree-item org-tree-more muted" onClick={() => activate(more)}>
            {`${more.hidden} more… (show all in the table)`}
          </li>
        ) : null}
      </>
    );
  }

  const allNode = nodes[0]!;
  return (
    <ul ref={treeRef} className="org-tree" role="tree" aria-label="Client organisations" onKeyDown={onKeyDown}>
      <li
        {...itemProps(allNode)}
        aria-level={1}
        aria-selected={selected === null}
        aria-current={selected === null ? 'true' : undefined}
        className="org-tree-item org-tree-all"
        onClick={() => activate(allNode)}
      >
        <span className="org-tree-name">All sites ({totalSites})</span>
      </li>
      {nodes.map((node) => {
        if (node.kind !== 'org') return null;
        const { org, key } = node;
        const open = expanded.has(key);
        const isSelected = selected === key;
        return (
          <li
            key={node.id}
            {...itemProps(node)}
            aria-level={1}
            aria-expanded={open}
            aria-selected={isSelected}
            aria-current={isSelected ? 'true' : undefined}
            aria-label={orgAriaLabel(org)}
            className="org-tree-branch"
            data-org-id={key}
          >
            <div className="org-tree-item org-tree-org" onClick={() => activate(node)}>
              <button
                type="button"
                tabIndex={-1}
                className="org-tree-toggle"
                aria-hidden="true"
                onClick={(event) => {
                  event.stopPropagation();
                  setActiveId(node.id);
                  setOpen(key, !open);
                }}
              >
                {open ? '▾' : '▸'}
              </button>
              <span className={org.orgId === null ? 'org-tree-name org-tree-none' : 'org-tree-name'} title={orgLabel(org)}>
                {orgLabel(org)}
              </span>
              <span className="org-tree-count">{org.siteCount}</span>
              {alertCounts(org).length > 0 ? (
                <span className="org-tree-alerts">
                  {alertCounts(org).map(({ status, count }) => (
                    <span key={status} className={`org-tree-alert badge-${status}`}>{`${count} ${status}`}</span>
                  ))}
                </span>
              ) : null}
            </div>
            {open ? (
              <ul role="group" className="org-tree-group">
                {renderChildren(key, node.id)}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
