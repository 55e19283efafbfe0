import { SEVERITIES, type IncidentDetail, type IncidentRow } from '#shared/incidents/index.ts';

/** An incident's list fields as the cache stores them. */
export interface IncidentRecord {
  id: string;
  siteId: string;
  checkType: string;
  severity: string;
  /** L1, L2, L3 or 'none' (an untiered incident or a non-L tier). */
  level: string;
  resolved: boolean;
  resolvedAt: string | null;
  createdAt: string;
  hipaaControls: string[];
  remediationAttempts: number;
  remediationExhausted: boolean;
}

/** A fetched detail, already cut to size. */
export interface IncidentDetailRecord {
  incident: IncidentRecord;
  hostname: string | null;
  applianceId: string | null;
  driftJson: string | null;
  driftTruncated: boolean;
  driftBytes: number;
  timelineJson: string;
  /** Drift keys and values as words for the full-text index, capped. */
  searchText: string;
  fetchedAt: string;
}

/** Drift data beyond this is stored cut and marked: a megabyte of log text helps no technician. */
export const DRIFT_SIZE_CAP_BYTES = 256 * 1024;
const SEARCH_TEXT_CAP_CHARS = 64 * 1024;

export function severityRank(severity: string): number {
  const rank = (SEVERITIES as readonly string[]).indexOf(severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

export function toIncidentRecord(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    checkType: row.check_type || 'unknown',
    severity: row.severity,
    level: row.resolution_level ?? 'none',
    resolved: row.resolved,
    resolvedAt: row.resolved_at ?? null,
    createdAt: row.created_at,
    hipaaControls: row.hipaa_controls,
    remediationAttempts: row.remediation_attempts,
    remediationExhausted: row.remediation_exhausted,
  };
}

export function toIncidentDetailRecord(detail: IncidentDetail, fetchedAt: string): IncidentDetailRecord {
  const drift = detail.drift_data === undefined ? null : JSON.stringify(detail.drift_data);
  const driftBytes = drift === null ? 0 : Buffer.byteLength(drift, 'utf8');
  const driftTruncated = driftBytes > DRIFT_SIZE_CAP_BYTES;
  return {
    incident: toIncidentRecord(detail),
    hostname: detail.hostname ? detail.hostname : null,
    applianceId: detail.appliance_id ?? null,
    driftJson: drift === null ? null : driftTruncated ? cutToBytes(drift, DRIFT_SIZE_CAP_BYTES) : drift,
    driftTruncated,
    driftBytes,
    timelineJson: JSON.stringify(detail.remediation_history ?? []),
    searchText: flattenForSearch(detail.drift_data),
    fetchedAt,
  };
}

/** The longest prefix within `bytes` UTF-8 bytes that does not split a character. */
function cutToBytes(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8').subarray(0, bytes);
  return buffer.toString('utf8').replace(/\uFFFD+$/u, '');
}

function flattenForSearch(value: unknown): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (node: unknown, depth: number) => {
    if (length >= SEARCH_TEXT_CAP_CHARS || depth > 8) return;
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
      const text = String(node);
      parts.push(text);
      length += text.length + 1;
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        parts.push(key);
        length += key.length + 1;
        visit(item, depth + 1);
      }
    }
  };
  visit(value, 0);
  return parts.join(' ').slice(0, SEARCH_TEXT_CAP_CHARS);
}
