import type { ConsoleErrorPayload } from '#shared/errors.ts';
import type { SiteView } from '#shared/sites/index.ts';
import type { ContractClient } from '#shared/ipc/client.ts';
import { createKitStore } from '../../kit/kit-store.ts';

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

const NO_SITE: Pick<SiteState, 'openSiteId' | 'view' | 'requestError' | 'refreshPending'> = { openSiteId: null, view: null, requestError: null, refreshPending: false };

export function createSiteStore(client: ContractClient) {
  return createKitStore<SiteState>()(NO_SITE, (kit) => {
    // Answers that land after the site was left (or another one opened) belong to a page that is gone.
    function leave() {
      const { openSiteId } = kit.get();
      kit.reset();
      // Best effort: core also stops refreshing when the session ends.
      if (openSiteId !== null) client.call('site:close', { siteId: openSiteId }).catch(() => undefined);
    }

    return {
      async open(siteId: string) {
        if (kit.get().openSiteId !== null) leave();
        kit.set({ openSiteId: siteId, view: null, requestError: null, refreshPending: false });
        const outcome = await kit.request(() => client.call('site:open', { siteId }));
        // A 'site:changed' may have arrived first; it is newer than this cached copy.
        if (outcome.kind === 'answered' && outcome.value.siteId === siteId && kit.get().view === null) kit.set({ view: outcome.value });
        if (outcome.kind === 'failed') kit.set({ requestError: outcome.error });
      },
      async refresh() {
        const { openSiteId } = kit.get();
        if (openSiteId === null) return;
        kit.set({ refreshPending: true });
        // Beside the open: a refresh does not make the page's first answer stale.
        const outcome = await kit.request(() => client.call('site:refresh', { siteId: openSiteId }), { beside: true });
        if (outcome.kind === 'answered' && outcome.value.siteId === openSiteId) kit.set({ view: outcome.value, requestError: null, refreshPending: false });
        if (outcome.kind === 'failed') kit.set({ requestError: outcome.error, refreshPending: false });
      },
      close: leave,
      apply(view: SiteView) {
        if (view.siteId === kit.get().openSiteId) kit.set({ view });
      },
      clear: leave,
    };
  });
}
