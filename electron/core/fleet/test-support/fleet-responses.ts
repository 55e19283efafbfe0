import type { ServerResponse } from 'node:http';
import { sendJson, type RecordedRequest } from '../../api/test-support/scripted-server.ts';

// Central Command's fleet endpoints as a scripted server answers them in the sync tests.
const now = '2026-11-23T10:00:00+00:00';
function siteRow(index: number) {
  return {
    site_id: `site-${index}`, clinic_name: `Clinic ${index}`, contact_name: null, contact_email: null, tier: 'standard', status: 'online',
    live_status: 'online', onboarding_stage: 'active', created_at: now, updated_at: now, last_checkin: now, appliance_count: 1,
    client_org_id: 'org-1', org_name: 'Org One',
  };
}
function overview(index: number) {
  const metrics = { patching: 100, antivirus: 100, backup: 100, logging: 100, firewall: 100, encryption: 100, network: 0, score: 85.7 };
  return {
    site_id: `site-${index}`, name: `Clinic ${index}`, status: 'online', appliance_count: 1, online_count: 1, incidents_24h: index,
    health: { connectivity: { checkin_freshness: 100, healing_success_rate: 90, order_execution_rate: 80, score: 90 }, compliance: metrics, overall: 87.4, status: 'healthy' },
  };
}
const stats = {
  total_clients: 5, total_appliances: 5, online_appliances: 5, avg_compliance_score: 85.7, avg_connectivity_score: 90, incidents_24h: 3,
  incidents_7d: 9, incidents_30d: 20, l1_resolution_rate: 80, l2_resolution_rate: 15, l3_escalation_rate: 5, computed_at: '2026-11-23T10:00:00Z',
};

/** Five sites; /api/sites answers at most two rows a page whatever limit is asked (a capped server). */
export function cappedServer(request: RecordedRequest, response: ServerResponse) {
  const query = new URL(request.url, 'https://x').searchParams;
  const offset = Number(query.get('offset') ?? 0);
  if (request.path === '/api/sites') {
    const sites = [0, 1, 2, 3, 4].map(siteRow).slice(offset, offset + 2);
    return sendJson(response, 200, { sites, count: sites.length, total: 5, limit: 2, offset, stats: { online: 5, stale: 0, offline: 0, pending: 0, auth_failed: 0 } });
  }
  if (request.path === '/api/dashboard/fleet') return sendJson(response, 200, [0, 1, 2, 3, 4].map(overview).slice(offset));
  if (request.path === '/api/dashboard/stats') return sendJson(response, 200, stats);
  if (request.path === '/api/dashboard/incidents') return sendJson(response, 200, []);
  if (request.path === '/api/dashboard/attention-required') return sendJson(response, 200, { count: 0, l3_count: 0, repeat_count: 0, offline_count: 0, items: [] });
  return sendJson(response, 404, { error: 'Not Found', status_code: 404 });
}
