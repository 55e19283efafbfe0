import type Database from 'better-sqlite3-multiple-ciphers';
import type { HistogramDay, IncidentHistogram, IncidentHistogramInput } from '#shared/incidents/index.ts';
import { buildIncidentFilter, matchConditions, plannedConditions } from './incident-filters.ts';
import { cachedIncidents } from './incident-list.ts';
import { whereClause } from './incident-rows.ts';
import { prepared } from '../cache/prepared-statements.ts';

type Connection = Database.Database;
const DAY_MS = 86_400_000;

export interface IncidentHistogramOperations {
  incidentHistogram(input: IncidentHistogramInput, now: string): IncidentHistogram;
}

interface DayCount {
  day: string;
  level: string;
  resolved: number;
  n: number;
}

/**
 * Incidents per UTC day (by when they were reported) and by the tier that resolved them, from the
 * cache: summed from the day tally when the text filters only tallied dimensions, otherwise counted
 * over the rows the filter's index finds.
 */
export class IncidentHistograms implements IncidentHistogramOperations {
  readonly #db: Connection;

  constructor(db: Connection) {
    this.#db = db;
  }

  incidentHistogram(input: IncidentHistogramInput, now: string): IncidentHistogram {
    const nowMs = Date.parse(now);
    const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const first = today - (input.days - 1) * DAY_MS;
    const filter = buildIncidentFilter(this.#db, input.search, nowMs);
    const firstDay = new Date(first).toISOString();
    // The day tally holds every dimension but the site (controls by list): filtered by nothing else (no
    // site, org or clinic name), the chart is its sum, whatever controls the search names.
    const fromTally = filter.tallyOnly && !filter.perSite;
    let counts: DayCount[];
    if (fromTally) {
      counts = prepared<unknown[], DayCount>(this.#db, `SELECT t.day, t.level, t.resolved, SUM(t.n) AS n FROM incident_control_set_day_tally t ${whereClause([...filter.tallyWhere, 't.day >= ?'])} GROUP BY 1, 2, 3`)
        .all(...filter.tallyParams, firstDay.slice(0, 10));
    } else {
      // Counted from the index entries (the site and time indexes hold day, level and state), reading a
      // search's match set whichever way round reads less.
      const { where, params } = plannedConditions(filter, matchConditions(filter), { kind: 'all', covered: true }, () => cachedIncidents(this.#db));
      counts = prepared<unknown[], DayCount>(this.#db, `SELECT substr(i.created_at, 1, 10) AS day, i.level, i.resolved, count(*) AS n FROM incidents i ${whereClause([...where, 'i.created_at >= ?'])} GROUP BY 1, 2, 3`)
        .all(...params, firstDay);
    }
    const days = new Map<string, HistogramDay>();
    for (let at = first; at <= today; at += DAY_MS) {
      const day = new Date(at).toISOString().slice(0, 10);
      days.set(day, { day, l1: 0, l2: 0, l3: 0, other: 0, unresolved: 0 });
    }
    for (const count of counts) {
      const day = days.get(count.day);
      // A row reported "in the future" (a skewed appliance clock) is not in the range's days.
      if (day) day[tierOf(count)] += count.n;
    }
    return { days: [...days.values()] };
  }
}

function tierOf(count: DayCount): 'l1' | 'l2' | 'l3' | 'other' | 'unresolved' {
  if (count.resolved !== 1) return 'unresolved';
  if (count.level === 'L1') return 'l1';
  if (count.level === 'L2') return 'l2';
  if (count.level === 'L3') return 'l3';
  return 'other';
}
