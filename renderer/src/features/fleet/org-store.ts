import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { FleetOrg, FleetSite } from '#shared/fleet/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../../format/errors.ts';

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
  orgs: FleetOrg[] | null;
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

export function createOrgStore(client: ContractClient) {
  // Only the newest request may write, and nothing after clear() or a reload.
  let generation = 0;

  return createStore<OrgState>()((set, get) => ({
    orgs: null,
    loading: false,
    error: null,
    children: {},
    async load() {
      const ticket = ++generation;
      set({ loading: true });
      try {
        const { orgs } = await client.call('fleet:orgs');
        if (ticket !== generation) return;
        const present = new Set(orgs.map((org) => orgKey(org.orgId)));
        const children = Object.fromEntries(Object.entries(get().children).filter(([key]) => present.has(key)));
        set({ orgs, loading: false, error: null, children });
      } catch (caught) {
        if (ticket !== generation) return;
        set({ loading: false, error: toErrorPayload(caught) });
      }
      // The new generation ignores answers to child requests made before it: ask again for every loaded list.
      for (const key of Object.keys(get().children)) void get().loadChildren(key);
    },
    async loadChildren(key) {
      const ticket = generation;
      const patch = (value: OrgChildren) => set({ children: { ...get().children, [key]: value } });
      patch({ sites: get().children[key]?.sites ?? [], total: get().children[key]?.total ?? 0, loading: true, error: null });
      try {
        const overview = await client.call('fleet:overview', { sortBy: 'clinicName', sortDir: 'asc', liveStatus: null, search: '', orgId: key });
        if (ticket === generation) patch({ sites: overview.sites.slice(0, ORG_CHILDREN_LIMIT), total: overview.sites.length, loading: false, error: null });
      } catch (caught) {
        if (ticket === generation) patch({ sites: [], total: 0, loading: false, error: toErrorPayload(caught) });
      }
    },
    clear() {
      generation++;
      set({ orgs: null, loading: false, error: null, children: {} });
    },
  }));
}
