import type { ConsoleStores } from '../stores/console-stores.ts';

/** The site ids the sites table's list store holds now, in row order; null before its first answer. */
export function loadedSiteIds(stores: Pick<ConsoleStores, 'fleetSites'>): string[] | null {
  const state = stores.fleetSites.getState();
  if (state.answer === null) return null;
  const ids: string[] = [];
  for (let index = 0; index < state.rowCount; index++) {
    const site = state.rowAt(index);
    if (site) ids.push(site.siteId);
  }
  return ids;
}
