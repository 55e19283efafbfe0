import type { ChannelHandlers, EventName, EventPayload } from '#shared/ipc/contract.ts';
import type { incidentChannels } from '#shared/incidents/index.ts';
import { INCIDENT_DETAIL_DAYS, INCIDENT_RETENTION_DAYS, type IncidentPageResult } from '#shared/incidents/index.ts';
import { ConsoleError } from '#shared/errors.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import type { DurableClient } from '../durable/durable-client.ts';
import type { ActiveSession } from '../session/session-controller.ts';
import type { Log } from '../log.ts';
import { fetchIncidentDetail } from './incident-sync.ts';

type IncidentHandlers = Pick<ChannelHandlers, keyof typeof incidentChannels>;

export interface IncidentHandlerOptions {
  /** The open cache and the signed-in session; null while no cache is open, no session while reviewing offline. */
  current: () => { session: ActiveSession | null; cache: CacheClient } | null;
  /** The signed-in profile's durable store (where saved views live); null while there is none. */
  durable: () => DurableClient | null;
  isOnline: () => boolean;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  log: Log;
  now?: () => Date;
}

const EMPTY_PAGE: IncidentPageResult = {
  rows: [], offset: 0, total: { count: 0, capped: false }, nextWindow: null, filters: [], searchTerms: [], notes: [], coverage: { detailsCached: 0, incidents: 0 }, syncedAt: null,
};

/**
 * The incident channels, answered from the cache. Opening an incident fetches its detail at once
 * (online); a hint from /ws/events does the same in the background, and a 404 (gone, or outside this
 * account's view) quietly removes it.
 */
export function createIncidentHandlers(options: IncidentHandlerOptions): { handlers: IncidentHandlers; refresh: (incidentId: string) => Promise<void> } {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const durable = () => {
    const store = options.durable();
    if (!store) throw new ConsoleError('invalid-state', 'Saved views are not open yet: the console is still opening this profile. Try again in a moment.');
    return store;
  };

  async function refresh(incidentId: string): Promise<void> {
    const target = options.current();
    // Reviewing offline there is no token: an opened incident shows its cached detail only.
    if (!target?.session || !options.isOnline()) return;
    const detail = await fetchIncidentDetail(target.session.api, target.session.token, incidentId, now());
    // A session that ended while the request ran writes nothing into the next one's cache.
    if (options.current() !== target) return;
    const counts = await target.cache.writeIncidents(detail === null ? { rows: [], removeIds: [incidentId.toLowerCase()], now: now() } : { rows: [], details: [detail], now: now() });
    if (detail !== null || counts.removed > 0) options.emit('data:changed', { kinds: ['incidents'], syncedAt: null });
  }

  const handlers: IncidentHandlers = {
    'incidents:query': async (query) => options.current()?.cache.queryIncidents(query, now()) ?? EMPTY_PAGE,
    'incidents:facets': async (query) => options.current()?.cache.incidentFacets(query, now()) ?? { facets: [], total: { count: 0, capped: false } },
    'incidents:histogram': async (input) => options.current()?.cache.incidentHistogram(input, now()) ?? { days: [] },
    'incidents:views': async () => ({ views: await durable().listSavedViews() }),
    'incidents:saveView': async (input) => ({ views: await durable().saveView(input) }),
    'incidents:deleteView': async ({ id }) => ({ views: await durable().deleteView(id) }),
    'incidents:open': async ({ incidentId }) => {
      try {
        await refresh(incidentId);
      } catch (error) {
        // Offline or refused: the cached copy (if any) is still worth showing.
        options.log('warn', 'incident detail refresh failed', { code: (error as { code?: string }).code ?? 'unknown' });
      }
      return (await options.current()?.cache.incidentDetail(incidentId)) ?? null;
    },
    'incidents:settings': async () => (await options.current()?.cache.incidentSettings()) ?? { retentionDays: INCIDENT_RETENTION_DAYS.default, detailDays: INCIDENT_DETAIL_DAYS.default },
    'incidents:setSettings': async (settings) => {
      const target = options.current();
      if (!target) return settings;
      const { purged, ...saved } = await target.cache.setIncidentSettings(settings, now());
      if (purged > 0) options.emit('data:changed', { kinds: ['incidents'], syncedAt: null });
      return saved;
    },
  };
  return { handlers, refresh };
}
