import { describe, expect, it } from 'vitest';
import { AttentionRequiredSchema } from './attention-api.ts';

describe('attention list schema', () => {
  it('parses the attention list and refuses a count that is not an integer', () => {
    const item = { type: 'offline_appliance', severity: 'warning', title: 'Appliance offline', site_id: 's1', clinic_name: 'Clinic', detail: 'nixos-fd01', timestamp: '2026-11-23T09:00:00Z', incident_id: null };
    expect(AttentionRequiredSchema.parse({ count: 1, l3_count: 0, repeat_count: 0, offline_count: 1, items: [item] }).items).toHaveLength(1);
    expect(AttentionRequiredSchema.safeParse({ count: 1.5, l3_count: 0, repeat_count: 0, offline_count: 1, items: [] }).success).toBe(false);
  });
});
