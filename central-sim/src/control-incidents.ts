import { applyIncidentChange, INCIDENT_CHANGES, type IncidentChange } from './incidents/changes.ts';
import { field, ok, type ControlAnswer as Answer } from './control-answers.ts';
import type { SimState } from './state.ts';

const MAX_OPEN_PER_CALL = 10_000;
const ROWS_PER_CALL = 1_000;

/**
 * The control API's incident calls (null when the path is not one of them):
 * GET /control/incidents, GET /control/incidents/rows/:offset (1,000 list rows), POST /control/incidents/freeze {frozen?}, POST /control/incidents/open {count?, siteId?},
 * POST /control/incidents/:id/(resolve|escalate|suppress|auto-heal).
 */
export function incidentControl(state: SimState, method: string, path: string, body: unknown): Answer | null {
  const store = state.incidents;
  const now = state.clock.now();
  if (method === 'GET' && path === '/control/incidents') {
    return ok({
      count: store.count,
      generated: store.baseCount,
      unresolved: store.unresolved.size,
      frozen: state.incidentActivity.frozen,
      newestId: store.count === 0 ? null : store.ids.encode(store.count - 1),
      megabyteIncidentId: state.incidentRows.megabyteRow === null ? null : store.ids.encode(state.incidentRows.megabyteRow),
    });
  }
  const rows = /^\/control\/incidents\/rows\/(\d+)$/.exec(path);
  if (method === 'GET' && rows) {
    // The list as the store holds it, newest first and ties in their stored order: the truth a test compares
    // with, however the API orders tied incidents (incidentTieSeconds).
    const page = store.page({ siteIndex: null, visible: null, tier: null, resolved: null }, Number(rows[1]), ROWS_PER_CALL);
    return ok({ rows: page.map((row) => state.incidentRows.listRow(store.record(row))) });
  }
  if (method === 'POST' && path === '/control/incidents/freeze') {
    const frozen = field(body, 'frozen') ?? true;
    if (typeof frozen !== 'boolean') return bad('frozen must be a boolean');
    state.incidentActivity.frozen = frozen;
    return ok({ frozen });
  }
  if (method === 'POST' && path === '/control/incidents/open') {
    const count = field(body, 'count') ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_OPEN_PER_CALL) return bad(`count must be an integer 1..${MAX_OPEN_PER_CALL}`);
    const siteId = field(body, 'siteId');
    if (siteId !== undefined && typeof siteId !== 'string') return bad('siteId must be a string');
    const siteIndex = siteId === undefined ? undefined : store.siteIndexById(siteId);
    if (siteIndex === null) return { status: 404, json: { error: `no site ${siteId as string}` } };
    if (siteIndex !== undefined && state.fleet.sites[siteIndex]!.appliances.length === 0) return bad('that site has no appliances, so it cannot report incidents');
    const ids: string[] = [];
    for (let i = 0; i < (count as number); i++) {
      const row = store.open(now, siteIndex);
      if (row === null) return bad('no site has appliances, so no incident can be reported');
      ids.unshift(store.ids.encode(row));
    }
    return ok({ ids });
  }
  const change = /^\/control\/incidents\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (method === 'POST' && change && (INCIDENT_CHANGES as readonly string[]).includes(change[2]!)) {
    const row = store.rowOf(decodeURIComponent(change[1]!));
    if (row === null) return { status: 404, json: { error: 'no incident of that id' } };
    const result = applyIncidentChange(store, state.incidentRows, row, change[2] as IncidentChange, now);
    if ('refused' in result) return bad(result.refused);
    if (result.event) state.events.emit(result.event);
    return ok({ event: result.event === null ? null : { type: result.event.type, payload: result.event.payload } });
  }
  return null;
}

function bad(error: string): Answer {
  return { status: 400, json: { error } };
}
