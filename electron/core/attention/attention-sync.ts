import { AttentionRequiredSchema, type AttentionRequired } from '#shared/attention/index.ts';
import { AttentionViewSchema, type AttentionView } from '#shared/attention/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { CacheClient } from '../cache/cache-client.ts';
import { cachedDocument } from '../cache/cached-document.ts';

export const EMPTY_ATTENTION: AttentionView = { items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: null };

/** The whole fleet's list is one document. */
const attentionDocument = cachedDocument('attention', AttentionViewSchema);
const FLEET_KEY = 'fleet';

/** The fleet's "needs attention" list, fetched with every fleet sync and kept as one cached document. */
export async function syncAttention(api: ApiClient, token: string, cache: CacheClient, now: () => Date = () => new Date()): Promise<AttentionView> {
  const response = await api.getJson('/api/dashboard/attention-required', AttentionRequiredSchema, { token });
  if (response.status !== 200) throw new Error('attention-required answered 304 without If-None-Match');
  const view = toAttentionView(response.data, now().toISOString());
  await attentionDocument.write(cache, FLEET_KEY, view, view.asOf!);
  return view;
}

export async function cachedAttention(cache: CacheClient): Promise<AttentionView> {
  return (await attentionDocument.read(cache, FLEET_KEY)) ?? EMPTY_ATTENTION;
}

export function toAttentionView(data: AttentionRequired, asOf: string): AttentionView {
  return {
    items: data.items.map((item) => ({
      type: item.type,
      severity: item.severity,
      title: item.title,
      siteId: item.site_id,
      clinicName: item.clinic_name,
      detail: item.detail,
      timestamp: item.timestamp,
      incidentId: item.incident_id,
    })),
    l3Count: data.l3_count,
    repeatCount: data.repeat_count,
    offlineCount: data.offline_count,
    asOf,
  };
}
