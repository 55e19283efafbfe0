import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { FleetOrg, FleetSite } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { PAGE_LIMIT_MAX } from '#shared/paging/paged-query.ts';
import { createKitStore } from '../../kit/kit-store.ts';

/** How many of an org's sites its expanded tree node lists; the rest are one "select the org" away. */
const ORG_CHILDREN_LIMIT = 50;

/** The fleet query's orgId for a tree node: '' stands for the sites that belong to no org. */
export function orgKey(orgId: string | null): string {
  return orgId ?? '';
}

export interface OrgChildren {
  /** At most ORG_CHILDREN_LIMIT sites, by name. */
  sites: FleetSite[];
  /** How many sites the org has in all. */
  total: number;
  loading: boolean;
  error: ConsoleErrorPayload | null;
}

export interface OrgState {
  /** The first window of orgs by name (up to the contract's limit of 500). */
  orgs: FleetOrg[] | null;
  /** How many orgs there are in all: more than `orgs` holds only past 500 (the tree says so). */
  orgCount: number;
  loading: boolean;
  error: ConsoleErrorPayload | null;
  /** The sites of expanded org nodes, by orgKey. */
  children: Readonly<Record<string, OrgChildren>>;
  /**
   * Refetches the org list, then every loaded child list (they may have changed too); the old sites stay
   * on screen until the new ones arrive, and the lists of orgs that are gone are dropped.
   */
  load(): Promise<void>;
  loadChildren(key: string): Promise<void>;
  /** Drops everything (sign-out, lock, expiry). */
  clear(): void;
}

const NO_ORGS: Pick<OrgState, 'orgs' | 'orgCount' | 'loading' | 'error' | 'children'> = { orgs: null, orgCount: 0, loading: false, error: null, children: {} };

export function createOrgStore(client: ContractClient) {
  return createKitStore<OrgState>()(NO_ORGS, (kit) => {
    async function loadChildren(key: string): Promise<void> {
      const patch = (value: OrgChildren) => kit.set({ children: { ...kit.get().children, [key]: value } });
      const before = kit.get().children[key];
      patch({ sites: before?.sites ?? [], total: before?.total ?? 0, loading: true, error: null });
      const outcome = await kit.request(
        () => client.call('fleet:overview', { sortBy: 'clinicName', sortDir: 'asc', filters: { orgId: key }, limit: ORG_CHILDREN_LIMIT }),
        { beside: true },
      );
      if (outcome.kind === 'answered') patch({ sites: outcome.value.rows, total: outcome.value.total.count, loading: false, error: null });
      if (outcome.kind === 'failed') patch({ sites: [], total: 0, loading: false, error: outcome.error });
    }

    return {
      async load() {
        const outcome = await kit.load(
          () => client.call('fleet:orgs', { limit: PAGE_LIMIT_MAX }),
          ({ rows: orgs, total }) => {
            const present = new Set(orgs.map((org) => orgKey(org.orgId)));
            return { orgs, orgCount: total.count, children: Object.fromEntries(Object.entries(kit.get().children).filter(([key]) => present.has(key))) };
          },
        );
        if (outcome === 'stale') return;
        // The new load made answers to child requests made before it stale: ask again for every loaded list.
        for (const key of Object.keys(kit.get().children)) void loadChildren(key);
      },
      loadChildren,
    };
  });
}
