import { createStore } from 'zustand/vanilla';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SiteView } from '#shared/sites/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { toErrorPayload } from '../../format/errors.ts';

export interface SiteState {
  /** The site page on screen (in-app navigation); null shows the fleet. */
  openSiteId: string | null;
  /** Core's view of the open site: its cached copy first, then every fresh one it emits. */
  view: SiteView | null;
  /** A failed site:open / site:refresh call (the fetch's own failures are in view.error). */
  requestError: ConsoleErrorPayload | null;
  /** A site:refresh call is waiting for its answer. */
  refreshPending: boolean;
  open(siteId: string): Promise<void>;
  refresh(): Promise<void>;
  /** Back to the fleet: tells core to stop refreshing the site. */
  close(): void;
  /** A 'site:changed' event; one for a site that is not open is ignored. */
  apply(view: SiteView): void;
  /** Drops every piece of site data (sign-out, lock, expiry), closing the open site in core. */
  clear(): void;
}

export function createSiteStore(client: ContractClient) {
  // Answers that land after the site was left (or another one opened) belong to a page that is gone.
  let generation = 0;

  return createStore<SiteState>()((set, get) => {
    function closeInCore(siteId: string | null) {
      if (siteId === null) return;
      // Best effort: core also stops refreshing when the session ends.
      client.call('site:close', { siteId }).catch(() => undefined);
    }

    function leave() {
      generation++;
      const { openSiteId } = get();
      set({ openSiteId: null, view: null, requestError: null, refreshPending: false });
      closeInCore(openSiteId);
    }

    return {
      openSiteId: null,
      view: null,
      requestError: null,
      refreshPending: false,
      async open(siteId) {
        if (get().openSiteId !== null) leave();
        const ticket = ++generation;
        set({ openSiteId: siteId, view: null, requestError: null, refreshPending: false });
        try {
          const view = await client.call('site:open', { siteId });
          // A 'site:changed' may have arrived first; it is newer than this cached copy.
          if (ticket === generation && view.siteId === siteId && get().view === null) set({ view });
        } catch (caught) {
          if (ticket === generation) set({ requestError: toErrorPayload(caught) });
        }
      },
      async refresh() {
        const { openSiteId } = get();
        if (openSiteId === null) return;
        const ticket = generation;
        set({ refreshPending: true });
        try {
          const view = await client.call('site:refresh', { siteId: openSiteId });
          if (ticket === generation && view.siteId === openSiteId) set({ view, requestError: null, refreshPending: false });
        } catch (caught) {
          if (ticket === generation) set({ requestError: toErrorPayload(caught), refreshPending: false });
        }
      },
      close: leave,
      apply(view) {
        if (view.siteId === get().openSiteId) set({ view });
      },
      clear: leave,
    };
  });
}
