import { AttentionRequiredSchema, type AttentionRequired } from '#shared/attention/index.ts';
import { AttentionViewSchema, type AttentionView } from '#shared/attention/index.ts';
import type { ApiClient } from '../api/client.ts';
import type { CacheClient } from '../cache/cache-client.ts';

export const EMPTY_ATTENTION: AttentionView = { items: [], l3Count: 0, repeatCount: 0, offlineCount: 0, asOf: null };

/** The fleet's "needs attention" list, fetched with every fleet sync and kept as one cached document. */
export async function syncAttention(api: ApiClient, token: string, cache: CacheClient, now: () => Date = () => new Date()): Promise<AttentionView> {
  const response = await api.getJson('/api/dashboard/attention-required', AttentionRequiredSchema, { token });
  if (response.status !== 200) throw new Error('attention-required answered 304 without If-None-Match');
  const view = toAttentionView(response.data, now().toISOString());
  await cache.putDocument('attention', 'fleet', JSON.stringify(view), view.asOf!);
  return view;
}

export async function cachedAttention(cache: CacheClient): Promise<AttentionView> {
  const stored = await cache.getDocument('attention', 'fleet');
  if (!stored) return EMPTY_ATTENTION;
  const parsed = AttentionViewSchema.safeParse(JSON.parse(stored.json));
  return parsed.success ? parsed.data : EMPTY_ATTENTION;
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
