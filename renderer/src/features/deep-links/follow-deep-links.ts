import type { ContractClient } from '#shared/ipc/client.ts';
import type { ConsoleStores } from '../../stores/console-stores.ts';

/**
 * A central-console:// link the technician followed opens its site's page — only that: no link
 * ever acknowledges, approves or changes anything. The shell sends links only while signed in;
 * one that arrives otherwise (the session changed on the way) is ignored.
 */
export function followDeepLinks(client: ContractClient, stores: Pick<ConsoleStores, 'session' | 'site'>): () => void {
  return client.on('deepLink:open', (link) => {
    if (stores.session.getState().snapshot?.state !== 'signed-in') return;
    void stores.site.getState().open(link.siteId);
  });
}
