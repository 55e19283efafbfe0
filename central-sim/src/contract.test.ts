import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ajv2020Module from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, passwordOf, SimClient, startTestSim, type TestSim } from './testing/sim-client.ts';
import { openEvents } from './testing/ws-client.ts';

/**
 * The simulator's answers checked against the real server's own documents: the OpenAPI subset where it types
 * a response, and the field lists of central-command-api.md where the OpenAPI says `{}`. Each transcribed
 * field list is also checked against the .md text, so a change of either side is caught.
 */
// Both are CommonJS modules whose class/plugin is also exported as `default`.
const Ajv2020 = ajv2020Module.default;
const addFormats = ajvFormatsModule.default;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const referenceDir = join(resolve(repoRoot, '../shared'), 'reference');
const apiMdPath = join(referenceDir, 'central-command-api.md');
const openApiPath = join(referenceDir, 'central-command-openapi.subset.json');
const present = existsSync(apiMdPath) && existsSync(openApiPath);

// Transcribed from Central Command's published API description (auth, sites, error bodies).
const CLIENT_OVERVIEW_FIELDS = ['site_id', 'name', 'status', 'client_org_id', 'org_name', 'appliance_count', 'online_count', 'health', 'last_incident', 'incidents_24h'];
const SITES_ROW_FIELDS = ['site_id', 'clinic_name', 'contact_name', 'contact_email', 'tier', 'status', 'live_status', 'onboarding_stage', 'created_at', 'updated_at', 'last_checkin', 'appliance_count', 'client_org_id', 'org_name'];
const SITES_ENVELOPE_FIELDS = ['sites', 'count', 'total', 'limit', 'offset', 'stats'];
const SITES_STATS_FIELDS = ['online', 'stale', 'offline', 'pending', 'auth_failed'];
const GLOBAL_STATS_FIELDS = ['total_clients', 'total_appliances', 'online_appliances', 'avg_compliance_score', 'avg_connectivity_score', 'incidents_24h', 'incidents_7d', 'incidents_30d', 'l1_resolution_rate', 'active_drift_checks', 'total_go_agents', 'l2_resolution_rate', 'l3_escalation_rate', 'active_threats', 'computed_at'];
const LOGIN_RESPONSE_FIELDS = ['success', 'user', 'error'];
const LOGIN_USER_FIELDS = ['username', 'displayName', 'role'];
const ME_FIELDS = ['id', 'username', 'displayName', 'role'];
const LOGOUT_FIELDS = ['success'];
const HTTP_EXCEPTION_FIELDS = ['error', 'status_code'];
const SITE_DETAIL_FIELDS = ['site_id', 'clinic_name', 'contact_name', 'contact_email', 'contact_phone', 'address', 'notes', 'tier', 'healing_tier', 'status', 'live_status', 'onboarding_stage', 'created_at', 'updated_at', 'last_checkin', 'appliance_count', 'timestamps', 'client_org_id', 'org_name', 'wg_ip', 'wg_connected_at', 'maintenance_until', 'maintenance_reason', 'maintenance_set_by', 'appliances', 'credentials', 'stale_credentials_count', 'credential_health'];
const CREDENTIAL_FIELDS = ['id', 'credential_type', 'credential_name', 'host', 'username', 'domain', 'created_at', 'is_stale'];
const CREDENTIAL_HEALTH_FIELDS = ['name', 'type', 'sensor_deployed', 'last_scan_at', 'status'];
const SITE_APPLIANCE_FIELDS = ['appliance_id', 'hostname', 'display_name', 'mac_address', 'ip_addresses', 'agent_version', 'nixos_version', 'status', 'stored_status', 'live_status', 'first_checkin', 'last_checkin', 'uptime_seconds', 'l2_mode', 'offline_since', 'mesh_peer_count', 'mesh_ring_size', 'mesh_peer_macs', 'assigned_target_count', 'network_anomaly'];
const NETWORK_ANOMALY_FIELDS = ['subnet_drift', 'missing_anycast', 'observed_subnet', 'expected_subnet', 'notes'];
const SITE_APPLIANCES_ENVELOPE_FIELDS = ['site_id', 'appliances', 'count', 'site_subnet_majority'];
const ROLLUP_ENVELOPE_FIELDS = ['appliances', 'count', 'totals', 'generated_at'];
const ROLLUP_TOTALS_FIELDS = ['online', 'stale', 'offline'];
const ROLLUP_ROW_FIELDS = ['appliance_id', 'site_id', 'hostname', 'display_name', 'mac_address', 'ip_addresses', 'agent_version', 'live_status', 'last_checkin', 'last_heartbeat_at', 'stale_seconds', 'liveness_drift_seconds', 'checkin_count_24h', 'online_count_24h', 'uptime_ratio_24h'];
const ATTENTION_FIELDS = ['count', 'l3_count', 'repeat_count', 'offline_count', 'items'];
const ATTENTION_ITEM_FIELDS = ['type', 'severity', 'title', 'site_id', 'clinic_name', 'detail', 'timestamp', 'incident_id'];
const COMPLIANCE_HEALTH_FIELDS = ['site_id', 'clinic_name', 'overall_score', 'breakdown', 'counts', 'go_agents', 'trend', 'healing', 'network_coverage_pct', 'unmanaged_device_count'];
const COMPLIANCE_COUNTS_FIELDS = ['passed', 'failed', 'warnings', 'total'];
const GO_AGENTS_FIELDS = ['agent_count', 'checks_passed', 'checks_total', 'compliance_score'];
const HEALING_FIELDS = ['total', 'auto_healed', 'pending'];
const WS_FRAME_FIELDS = ['type', 'payload', 'timestamp'];
const WS_CHECKIN_FIELDS = ['site_id', 'appliance_id', 'hostname', 'status', 'last_checkin', 'agent_version', 'ip_addresses', 'uptime_seconds'];
const WS_DRIFT_FIELDS = ['site_id', 'check_type', 'check_result', 'bundle_id', 'chain_position'];
const INCIDENT_FIELDS = ['id', 'site_id', 'hostname', 'check_type', 'severity', 'resolution_level', 'resolved', 'resolved_at', 'hipaa_controls', 'remediation_attempts', 'remediation_exhausted', 'created_at'];
const INCIDENT_DETAIL_EXTRA_FIELDS = ['appliance_id', 'drift_data', 'evidence_bundle_id', 'evidence_hash', 'runbook_executed', 'execution_log', 'remediation_history'];
const REMEDIATION_STEP_FIELDS = ['tier', 'runbook_id', 'result', 'confidence', 'timestamp'];
const WS_INCIDENT_PAYLOAD_FIELDS: Record<string, string[]> = {
  incident_resolved: ['incident_id'],
  incident_escalated: ['incident_id', 'ticket_id'],
  incident_suppressed: ['incident_id', 'check_type', 'hostname', 'expires_at'],
};
const POSTURE_FIELDS = ['site_id', 'clinic_name', 'appliance_count', 'online_count', 'last_checkin', 'incidents_24h', 'unresolved', 'l3_unresolved', 'l1_24h', 'l2_24h', 'l3_24h', 'compliance_score', 'trend'];

// Where each list lives in the .md: a substring that identifies the line.
const MD_LINES: [marker: string, fields: string[]][] = [
  ['- `ClientOverview`:', CLIENT_OVERVIEW_FIELDS],
  ['- `/api/sites` row:', SITES_ROW_FIELDS],
  ['| `GET /api/sites` |', [...SITES_ENVELOPE_FIELDS, ...SITES_STATS_FIELDS]],
  ['- `GlobalStats`:', GLOBAL_STATS_FIELDS],
  ['| `POST /api/auth/login` |', [...LOGIN_RESPONSE_FIELDS, ...LOGIN_USER_FIELDS, 'mfa_token']],
  ['| `GET /api/auth/me` |', ME_FIELDS],
  ['| `POST /api/auth/logout` |', LOGOUT_FIELDS],
  ['| Any `raise HTTPException`', HTTP_EXCEPTION_FIELDS],
  // `contact_*` in the .md: the simulator spells it out as contact_name/contact_email/contact_phone.
  ['- `{site_id, clinic_name, contact_*', [...SITE_DETAIL_FIELDS.filter((f) => !f.startsWith('contact_')), ...CREDENTIAL_FIELDS, ...CREDENTIAL_HEALTH_FIELDS]],
  ['- Appliance row (sites API):', [...SITE_APPLIANCE_FIELDS, ...NETWORK_ANOMALY_FIELDS]],
  ['| `GET /api/sites/{site_id}/appliances` |', SITE_APPLIANCES_ENVELOPE_FIELDS],
  ['| `GET /api/appliances/status-rollup` |', [...ROLLUP_ENVELOPE_FIELDS, ...ROLLUP_TOTALS_FIELDS, 'site_id', 'status', 'limit']],
  ['- Rollup row:', ROLLUP_ROW_FIELDS],
  ['| `GET /api/dashboard/attention-required` |', [...ATTENTION_FIELDS, ...ATTENTION_ITEM_FIELDS, 'l3_escalation', 'repeat_failure', 'offline_appliance', 'critical', 'warning']],
  ['| `GET /api/dashboard/sites/{site_id}/compliance-health` |', [...COMPLIANCE_HEALTH_FIELDS, ...COMPLIANCE_COUNTS_FIELDS, ...GO_AGENTS_FIELDS, ...HEALING_FIELDS]],
  ['| `GET /api/dashboard/fleet-posture` |', POSTURE_FIELDS],
  ['- Frames: `{"type","payload","timestamp"}`', WS_FRAME_FIELDS],
  ['- `appliance_checkin` `{', WS_CHECKIN_FIELDS],
  ['- `compliance_drift` `{', WS_DRIFT_FIELDS],
  ['- `ClientDetail`:', ['site_id', 'name', 'tier', 'appliances', 'health', 'recent_incidents', 'compliance_breakdown']],
  ['- `Incident`: `{', INCIDENT_FIELDS],
  ['returns `IncidentDetail` = Incident plus', [...INCIDENT_DETAIL_EXTRA_FIELDS, ...REMEDIATION_STEP_FIELDS]],
  ...Object.entries(WS_INCIDENT_PAYLOAD_FIELDS).map(([type, fields]): [string, string[]] => [`- \`${type}\` \`{`, fields]),
];

const suite = present ? describe : describe.skip;

suite(present ? 'contract with the Central Command reference documents' : 'skipped: ../shared reference documents not present', () => {
  let md = '';
  let openApi: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: unknown };
  let ajv: InstanceType<typeof Ajv2020>;
  let test: TestSim;
  let c: SimClient;

  beforeAll(async () => {
    md = readFileSync(apiMdPath, 'utf8');
    openApi = JSON.parse(readFileSync(openApiPath, 'utf8'));
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'cc-openapi', components: openApi.components });
    test = await startTestSim({ seed: 5, sites: 30 });
    c = new SimClient(test.sim);
  });

  afterAll(async () => {
    await c?.close();
    await test?.stop();
  });

  /** The documented response schema of a path, with its `#/components` refs pointed at the registered document. */
  function responseSchema(path: string, method: string, status: string): unknown {
    const schema = openApi.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
    if (schema === undefined) throw new Error(`no schema for ${method} ${path} ${status}`);
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"cc-openapi#/components/'));
  }

  function component(name: string): unknown {
    return { $ref: `cc-openapi#/components/schemas/${name}` };
  }

  function expectValid(schema: unknown, value: unknown): void {
    const validate = ajv.compile(schema as object);
    const ok = validate(value);
    expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
  }

  function isUntyped(path: string, method: string): boolean {
    const schema = responseSchema(path, method, '200');
    return typeof schema === 'object' && schema !== null && Object.keys(schema).length === 0;
  }

  it.each(MD_LINES)('the transcribed fields of %s still match the .md', (marker, fields) => {
    const line = md.split('\n').find((candidate) => candidate.includes(marker));
    expect(line, `no line with ${marker}`).toBeDefined();
    for (const field of fields) expect(line, `${field} missing from: ${marker}`).toMatch(new RegExp(`(^|[^A-Za-z0-9_])${field}([^A-Za-z0-9_]|$)`));
  });

  it('auth: login, me, logout and verify-totp', async () => {
    const anonymousMe = await c.get('/api/auth/me');
    expect(Object.keys(anonymousMe.json as object)).toEqual(HTTP_EXCEPTION_FIELDS);

    const login = await c.login('admin', passwordOf(test.sim, 'admin'));
    expectValid(responseSchema('/api/auth/login', 'post', '200'), login.json);
    expect(Object.keys(login.json as object)).toEqual(LOGIN_RESPONSE_FIELDS);
    expect(Object.keys((login.json as { user: object }).user)).toEqual(LOGIN_USER_FIELDS);

    const me = await c.get('/api/auth/me');
    expectValid(responseSchema('/api/auth/me', 'get', '200'), me.json);
    expect(Object.keys(me.json as object)).toEqual(ME_FIELDS);

    const bad = await c.post('/api/auth/login', { username: 1 });
    expect(bad.status).toBe(422);
    expectValid(responseSchema('/api/auth/login', 'post', '422'), bad.json);

    expect(isUntyped('/api/auth/logout', 'post')).toBe(true);
    const logout = await c.post('/api/auth/logout');
    expect(Object.keys(logout.json as object)).toEqual(LOGOUT_FIELDS);
    expect(typeof (logout.json as { success: unknown }).success).toBe('boolean');

    const mfa = await c.login('alice', passwordOf(test.sim, 'alice'));
    expectValid(responseSchema('/api/auth/login', 'post', '200'), mfa.json);
    expect(isUntyped('/api/auth/verify-totp', 'post')).toBe(true);
    const verified = await c.post('/api/auth/verify-totp', { mfa_token: (mfa.json as { user: { mfa_token: string } }).user.mfa_token, totp_code: test.sim.totp('alice') });
    expectValid(component('LoginResponse'), verified.json);
    expect(Object.keys(verified.json as object)).toEqual(LOGIN_RESPONSE_FIELDS);
    expect(Object.keys((verified.json as { user: object }).user)).toEqual(LOGIN_USER_FIELDS);
  });

  it('GET /api/dashboard/fleet: ClientOverview rows with HealthMetrics', async () => {
    expect(isUntyped('/api/dashboard/fleet', 'get')).toBe(true);
    const res = await c.get('/api/dashboard/fleet?limit=500');
    const rows = res.json as Record<string, unknown>[];
    expect(rows.length).toBe(test.sim.siteCount);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(CLIENT_OVERVIEW_FIELDS);
      expectValid(component('HealthMetrics'), row.health);
      expect(typeof row.site_id).toBe('string');
      expect(typeof row.name).toBe('string');
      expect(typeof row.status).toBe('string');
      expect(Number.isInteger(row.appliance_count) && Number.isInteger(row.online_count) && Number.isInteger(row.incidents_24h)).toBe(true);
      expect(row.last_incident === null || typeof row.last_incident === 'string').toBe(true);
    }
    const invalid = await c.get('/api/dashboard/fleet?limit=0');
    expectValid(responseSchema('/api/dashboard/fleet', 'get', '422'), invalid.json);
  });

  it('GET /api/sites: the envelope and its rows', async () => {
    expect(isUntyped('/api/sites', 'get')).toBe(true);
    const body = (await c.get('/api/sites?limit=500')).json as Record<string, unknown> & { sites: Record<string, unknown>[]; stats: object };
    expect(Object.keys(body)).toEqual(SITES_ENVELOPE_FIELDS);
    expect(Object.keys(body.stats)).toEqual(SITES_STATS_FIELDS);
    expect(body.sites.length).toBeGreaterThan(0);
    for (const row of body.sites) {
      expect(Object.keys(row)).toEqual(SITES_ROW_FIELDS);
      expect(row.contact_name).toBeNull();
      expect(row.contact_email).toBeNull();
      expect(['online', 'stale', 'offline']).toContain(row.status);
      expect(SITES_STATS_FIELDS).toContain(row.live_status);
    }
    const invalid = await c.get('/api/sites?sort_by=nope');
    expectValid(responseSchema('/api/sites', 'get', '422'), invalid.json);
  });

  it('GET /api/dashboard/stats: GlobalStats', async () => {
    const res = await c.get('/api/dashboard/stats');
    expectValid(responseSchema('/api/dashboard/stats', 'get', '200'), res.json);
    expect(Object.keys(res.json as object)).toEqual(GLOBAL_STATS_FIELDS);
  });

  /** A site listed by /api/sites (it has appliances), preferring one whose rows have every optional part. */
  async function richSiteId(): Promise<string> {
    const sites = ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string; appliance_count: number }[] }).sites;
    return [...sites].sort((a, b) => b.appliance_count - a.appliance_count)[0]!.site_id;
  }

  it('GET /api/dashboard/fleet/{site_id} and /appliances: ClientDetail and Appliance[] per the OpenAPI', async () => {
    const site = await richSiteId();
    const detail = await c.get(`/api/dashboard/fleet/${site}`);
    expectValid(responseSchema('/api/dashboard/fleet/{site_id}', 'get', '200'), detail.json);
    expect(Object.keys(detail.json as object)).toEqual(['site_id', 'name', 'tier', 'appliances', 'health', 'recent_incidents', 'compliance_breakdown']);
    const appliances = await c.get(`/api/dashboard/fleet/${site}/appliances`);
    expectValid(responseSchema('/api/dashboard/fleet/{site_id}/appliances', 'get', '200'), appliances.json);
    expect((appliances.json as unknown[]).length).toBeGreaterThan(0);
    for (const row of appliances.json as object[]) {
      expect(Object.keys(row)).toEqual(['id', 'site_id', 'hostname', 'ip_address', 'agent_version', 'tier', 'is_online', 'last_checkin', 'health', 'created_at', 'display_name', 'assigned_target_count', 'boot_source']);
    }
    const missing = await c.get('/api/dashboard/fleet/nope');
    expect(Object.keys(missing.json as object)).toEqual(HTTP_EXCEPTION_FIELDS);
  });

  it('GET /api/sites/{site_id} and /appliances: the transcribed site detail and appliance rows', async () => {
    expect(isUntyped('/api/sites/{site_id}', 'get')).toBe(true);
    expect(isUntyped('/api/sites/{site_id}/appliances', 'get')).toBe(true);
    const sites = ((await c.get('/api/sites?limit=500')).json as { sites: { site_id: string }[] }).sites;
    let credentials = 0;
    let anomalies = 0;
    for (const { site_id } of sites) {
      const detail = (await c.get(`/api/sites/${site_id}`)).json as Record<string, unknown> & { credentials: object[]; credential_health: object[]; timestamps: unknown };
      expect(Object.keys(detail)).toEqual(SITE_DETAIL_FIELDS);
      expect(typeof detail.timestamps).toBe('object');
      for (const credential of detail.credentials) expect(Object.keys(credential)).toEqual(CREDENTIAL_FIELDS);
      for (const health of detail.credential_health) expect(Object.keys(health)).toEqual(CREDENTIAL_HEALTH_FIELDS);
      credentials += detail.credentials.length;
      const body = (await c.get(`/api/sites/${site_id}/appliances`)).json as Record<string, unknown> & { appliances: (Record<string, unknown> & { network_anomaly: object | null })[] };
      expect(Object.keys(body)).toEqual(SITE_APPLIANCES_ENVELOPE_FIELDS);
      for (const row of body.appliances) {
        expect(Object.keys(row)).toEqual(SITE_APPLIANCE_FIELDS);
        expect(Array.isArray(row.ip_addresses)).toBe(true);
        if (row.network_anomaly !== null) {
          expect(Object.keys(row.network_anomaly)).toEqual(NETWORK_ANOMALY_FIELDS);
          anomalies++;
        }
      }
    }
    expect(credentials).toBeGreaterThan(0);
    expect(anomalies).toBeGreaterThan(0);
  });

  it('GET /api/appliances/status-rollup: envelope, totals and rollup rows', async () => {
    expect(isUntyped('/api/appliances/status-rollup', 'get')).toBe(true);
    const body = (await c.get('/api/appliances/status-rollup')).json as Record<string, unknown> & { appliances: object[]; totals: object };
    expect(Object.keys(body)).toEqual(ROLLUP_ENVELOPE_FIELDS);
    expect(Object.keys(body.totals)).toEqual(ROLLUP_TOTALS_FIELDS);
    expect(body.appliances.length).toBeGreaterThan(0);
    for (const row of body.appliances) expect(Object.keys(row)).toEqual(ROLLUP_ROW_FIELDS);
    expectValid(responseSchema('/api/appliances/status-rollup', 'get', '422'), (await c.get('/api/appliances/status-rollup?limit=0')).json);
  });

  it('GET /api/dashboard/attention-required: envelope and items of the three documented types', async () => {
    expect(isUntyped('/api/dashboard/attention-required', 'get')).toBe(true);
    const body = (await c.get('/api/dashboard/attention-required')).json as Record<string, unknown> & { items: (Record<string, unknown> & { type: string; severity: string })[] };
    expect(Object.keys(body)).toEqual(ATTENTION_FIELDS);
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(Object.keys(item)).toEqual(ATTENTION_ITEM_FIELDS);
      expect(['l3_escalation', 'repeat_failure', 'offline_appliance']).toContain(item.type);
      expect(['critical', 'warning']).toContain(item.severity);
    }
  });

  it('GET /api/dashboard/sites/{site_id}/compliance-health and /fleet-posture: transcribed fields', async () => {
    expect(isUntyped('/api/dashboard/sites/{site_id}/compliance-health', 'get')).toBe(true);
    expect(isUntyped('/api/dashboard/fleet-posture', 'get')).toBe(true);
    const health = (await c.get(`/api/dashboard/sites/${await richSiteId()}/compliance-health`)).json as Record<string, object>;
    expect(Object.keys(health)).toEqual(COMPLIANCE_HEALTH_FIELDS);
    expect(Object.keys(health.counts!)).toEqual(COMPLIANCE_COUNTS_FIELDS);
    expect(Object.keys(health.go_agents!)).toEqual(GO_AGENTS_FIELDS);
    expect(Object.keys(health.healing!)).toEqual(HEALING_FIELDS);
    const posture = (await c.get('/api/dashboard/fleet-posture')).json as object[];
    expect(posture).toHaveLength(test.sim.siteCount);
    for (const row of posture) expect(Object.keys(row)).toEqual(POSTURE_FIELDS);
  });

  it('WS /ws/events: appliance_checkin and compliance_drift frames with the documented payloads', async () => {
    const events = await openEvents(test.sim, c.jar.get('session_token')!);
    await control(test.sim, 'POST', '/control/fleet/touch', {});
    const checkin = (await events.next()) as { type: string; payload: object };
    const drift = (await events.next()) as { type: string; payload: object };
    await events.close();
    expect(Object.keys(checkin)).toEqual(WS_FRAME_FIELDS);
    expect([checkin.type, drift.type]).toEqual(['appliance_checkin', 'compliance_drift']);
    expect(Object.keys(checkin.payload)).toEqual(WS_CHECKIN_FIELDS);
    expect(Object.keys(drift.payload)).toEqual(WS_DRIFT_FIELDS);
  });

  it('GET /api/dashboard/incidents and /{incident_id}: Incident[] and IncidentDetail per the OpenAPI, fields as transcribed', async () => {
    const rows = (await c.get('/api/dashboard/incidents?limit=200')).json as (Record<string, unknown> & { id: string })[];
    expectValid(responseSchema('/api/dashboard/incidents', 'get', '200'), rows);
    expect(rows.length).toBe(200);
    for (const row of rows) expect(Object.keys(row)).toEqual(INCIDENT_FIELDS);
    for (const limit of ['0', '201']) expectValid(responseSchema('/api/dashboard/incidents', 'get', '422'), (await c.get(`/api/dashboard/incidents?limit=${limit}`)).json);
    let steps = 0;
    for (const row of rows.filter((_, i) => i % 8 === 0)) {
      const detail = (await c.get(`/api/dashboard/incidents/${row.id}`)).json as Record<string, unknown> & { remediation_history: object[] };
      expectValid(responseSchema('/api/dashboard/incidents/{incident_id}', 'get', '200'), detail);
      expect(Object.keys(detail)).toEqual([...INCIDENT_FIELDS, ...INCIDENT_DETAIL_EXTRA_FIELDS]);
      for (const step of detail.remediation_history) expect(Object.keys(step)).toEqual(REMEDIATION_STEP_FIELDS);
      steps += detail.remediation_history.length;
    }
    expect(steps).toBeGreaterThan(0);
    const missing = await c.get('/api/dashboard/incidents/00000000-0000-4000-8000-000000000000');
    expect(Object.keys(missing.json as object)).toEqual(HTTP_EXCEPTION_FIELDS);
  });

  it('WS /ws/events: incident_resolved, incident_escalated and incident_suppressed frames with the documented payloads', async () => {
    const events = await openEvents(test.sim, c.jar.get('session_token')!);
    const unresolved = (await c.get('/api/dashboard/incidents?resolved=false&limit=2')).json as { id: string }[];
    await control(test.sim, 'POST', `/control/incidents/${unresolved[0]!.id}/resolve`);
    await control(test.sim, 'POST', `/control/incidents/${unresolved[1]!.id}/escalate`);
    await control(test.sim, 'POST', `/control/incidents/${unresolved[0]!.id}/suppress`);
    for (const type of Object.keys(WS_INCIDENT_PAYLOAD_FIELDS)) {
      const frame = (await events.next()) as { type: string; payload: object };
      expect(Object.keys(frame)).toEqual(WS_FRAME_FIELDS);
      expect(frame.type).toBe(type);
      expect(Object.keys(frame.payload)).toEqual(WS_INCIDENT_PAYLOAD_FIELDS[type]);
    }
    await events.close();
  });

  it('error bodies use the documented texts', async () => {
    for (const text of ['CSRF validation failed. Refresh the page and try again.', 'Too many authentication attempts. Please try again later.', 'Invalid or expired token', 'Authentication required']) {
      expect(md).toContain(text);
    }
    const csrf = await new SimClient(test.sim).post('/api/auth/verify-totp', { mfa_token: 'x', totp_code: 'y' });
    expect(csrf.json).toEqual({ detail: 'CSRF validation failed. Refresh the page and try again.' });
    await control(test.sim, 'POST', '/control/config', { authRateLimitPerMinute: 1 });
    const limiter = new SimClient(test.sim);
    await limiter.login('nobody', 'x');
    const limited = await limiter.login('nobody', 'x');
    expect(Object.keys(limited.json as object)).toEqual(['detail', 'retry_after']);
    await limiter.close();
  });
});
