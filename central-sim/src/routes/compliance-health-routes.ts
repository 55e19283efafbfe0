import { COMPLIANCE_CATEGORIES } from '../fleet/model.ts';
import { jsonResponse } from '../http/errors.ts';
import type { SimRequest, SimResponse } from '../http/types.ts';
import { createRng } from '../random.ts';
import type { SimState } from '../state.ts';
import { complianceScore } from './fleet-routes.ts';
import { requireAuth } from './require-auth.ts';
import { scopedSite } from './scope.ts';

const DAY_MS = 86_400_000;

/**
 * GET /api/dashboard/sites/{site_id}/compliance-health. Per-category check counts are derived from the site's
 * category percentages (checks per category = 3 per appliance), so the breakdown agrees with the fleet view.
 * `overall_score` is null when the site has no check data (the canonical score is None / "no_data").
 */
export function complianceHealth(request: SimRequest, state: SimState): SimResponse {
  const user = requireAuth(request, state);
  const site = scopedSite(state, user, request.params?.site_id);
  const rng = createRng(state.fleet.seed, `compliance-health:${site.siteId}`);
  const perCategory = site.compliance.hasData ? Math.max(1, site.appliances.length) * 3 : 0;
  const counts = { passed: 0, failed: 0, warnings: 0, total: 0 };
  const breakdown = Object.fromEntries(
    COMPLIANCE_CATEGORIES.map((category) => {
      const score = site.compliance.categories[category];
      const passed = Math.round((perCategory * score) / 100);
      const warnings = Math.min(perCategory - passed, rng.int(0, 1));
      const failed = perCategory - passed - warnings;
      counts.passed += passed;
      counts.failed += failed;
      counts.warnings += warnings;
      counts.total += perCategory;
      return [category, { score: site.compliance.hasData ? score : null, passed, failed, warnings, total: perCategory }];
    }),
  );
  const overall = site.compliance.hasData ? complianceScore(site) : null;
  const checksTotal = site.goAgentCount * 12;
  const checksPassed = Math.round(checksTotal * (0.6 + rng.next() * 0.4));
  const day = Math.floor(state.clock.now() / DAY_MS) * DAY_MS;
  return jsonResponse(200, {
    site_id: site.siteId,
    clinic_name: site.clinicName ?? site.siteId,
    overall_score: overall,
    breakdown,
    counts,
    go_agents: { agent_count: site.goAgentCount, checks_passed: checksPassed, checks_total: checksTotal, compliance_score: checksTotal === 0 ? null : Math.round((checksPassed / checksTotal) * 1000) / 10 },
    // Daily scores for the last 7 days, oldest first, ending with today's current score.
    trend: overall === null ? [] : Array.from({ length: 7 }, (_, i) => ({ date: new Date(day - (6 - i) * DAY_MS).toISOString().slice(0, 10), score: i === 6 ? overall : Math.max(0, Math.min(100, Math.round((overall + rng.int(-8, 8)) * 10) / 10)) })),
    healing: { total: site.healing.incidents30d, auto_healed: site.healing.l1Resolved + site.healing.l2Resolved, pending: site.healing.incidents30d - site.healing.l1Resolved - site.healing.l2Resolved },
    network_coverage_pct: site.appliances.length === 0 ? 0 : rng.int(55, 100),
    unmanaged_device_count: site.appliances.length === 0 ? 0 : rng.int(0, 14),
  });
}
