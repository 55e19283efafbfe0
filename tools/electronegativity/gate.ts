import { z } from 'zod';

/**
 * Electronegativity exits 0 whatever it finds, so its findings are judged here: any finding above
 * LOW fails the build unless the reviewed list (reviewed-findings.json) names its check and file
 * with a reason. An entry that no longer matches a finding fails too, so the list cannot outlive
 * the code it excuses.
 */

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  check: string;
  severity: Severity;
  confidence: string;
  /** Relative to the repository root; "N/A" for a global check. */
  file: string;
  line: number;
  description: string;
}

const ReviewedFindingSchema = z.strictObject({
  check: z.string().regex(/^[A-Z0-9_]+$/),
  file: z.string().min(1),
  // A reason a reviewer can check against the code: which module meets the item, which test proves it.
  reason: z.string().min(40),
});
export type ReviewedFinding = z.infer<typeof ReviewedFindingSchema>;

export function parseReviewedFindings(text: string): ReviewedFinding[] {
  const parsed = z.array(ReviewedFindingSchema).safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`tools/electronegativity/reviewed-findings.json is not a list of {check, file, reason (40+ characters)}: ${parsed.error.message}`);
  return parsed.data;
}

export interface Judgement {
  unjustified: Finding[];
  justified: Array<{ finding: Finding; reason: string }>;
  /** LOW and INFORMATIONAL: reported, never failing. */
  minor: Finding[];
  stale: ReviewedFinding[];
}

const matches = (entry: ReviewedFinding, finding: Finding) => entry.check === finding.check && entry.file === finding.file;

export function judgeFindings(findings: Finding[], reviewed: ReviewedFinding[]): Judgement {
  const judgement: Judgement = { unjustified: [], justified: [], minor: [], stale: [] };
  for (const finding of findings) {
    if (SEVERITIES.indexOf(finding.severity) <= SEVERITIES.indexOf('LOW')) {
      judgement.minor.push(finding);
      continue;
    }
    const entry = reviewed.find((candidate) => matches(candidate, finding));
    if (entry) judgement.justified.push({ finding, reason: entry.reason });
    else judgement.unjustified.push(finding);
  }
  judgement.stale = reviewed.filter((entry) => !judgement.justified.some(({ finding }) => matches(entry, finding)));
  return judgement;
}

export const passes = (judgement: Judgement) => judgement.unjustified.length === 0 && judgement.stale.length === 0;
