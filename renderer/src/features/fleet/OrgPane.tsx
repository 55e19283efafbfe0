import { useState } from 'react';
import { useConsoleStores } from '../../stores/use-stores.ts';
import { useFleet, useFleetSites, useOrgs } from './use-fleet.ts';
import { OrgTree } from './OrgTree.tsx';

/** The left pane of the fleet view: the client-org tree, collapsible to a narrow strip. */
export function OrgPane() {
  const stores = useConsoleStores();
  const orgs = useOrgs((s) => s.orgs);
  const error = useOrgs((s) => s.error);
  const childrenByOrg = useOrgs((s) => s.children);
  const selected = useFleet((s) => s.query.orgId);
  const totalSites = useFleetSites((s) => s.answer?.totalSites ?? null);
  const orgCount = useOrgs((s) => s.orgCount);
  const [open, setOpen] = useState(true);

  const total = totalSites ?? (orgs ?? []).reduce((sum, org) => sum + org.siteCount, 0);

  return (
    <aside className={open ? 'org-pane' : 'org-pane org-pane-collapsed'} aria-label="Organisations">
      <div className="org-pane-head">
        {open ? <h2 className="org-pane-title">Organisations</h2> : null}
        <button
          type="button"
          className="org-pane-toggle"
          aria-expanded={open}
          aria-controls="org-pane-body"
          aria-label={open ? 'Hide organisations' : 'Show organisations'}
          title={open ? 'Hide organisations' : 'Show organisations'}
          onClick={() => setOpen((was) => !was)}
        >
          {open ? '«' : '»'}
        </button>
      </div>
      {open ? (
        <div className="org-pane-body" id="org-pane-body">
          {error ? <p className="org-tree-note org-tree-error">{error.message}</p> : null}
          {orgs ? (
            <OrgTree
              orgs={orgs}
              selected={selected}
              totalSites={total}
              childrenByOrg={childrenByOrg}
              onSelect={(orgId) => stores.fleet.getState().setOrg(orgId)}
              onLoadChildren={stores.orgs.getState().loadChildren}
              onOpenSite={stores.site.getState().open}
            />
          ) : error ? null : (
            <p className="org-tree-note muted">Loading organisations…</p>
          )}
          {orgs && orgCount > orgs.length ? (
            <p className="org-tree-note muted">
              The first {orgs.length} of {orgCount} organisations are listed; search the sites to find a site of another.
            </p>
          ) : null}
        </div>
      ) : null}
    </aside>
  );
}
