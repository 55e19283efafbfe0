// Electronegativity over the Electron shell, judged (it exits 0 whatever it finds): a finding above
// LOW fails unless tools/electronegativity/reviewed-findings.json justifies it; a justification that
// matches nothing fails too. Usage: node scripts/electronegativity.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeFindings, parseReviewedFindings, passes } from '../tools/electronegativity/gate.ts';
import { scanWithElectronegativity } from '../tools/electronegativity/scan.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const reviewed = parseReviewedFindings(readFileSync(path.join(root, 'tools', 'electronegativity', 'reviewed-findings.json'), 'utf8'));

const { findings, parseErrors } = await scanWithElectronegativity(path.join(root, 'electron'), root, electronVersion);
const judgement = judgeFindings(findings, reviewed);
const where = (finding: { file: string; line: number }) => (finding.file === 'N/A' ? 'whole app' : `${finding.file}:${finding.line}`);

console.log(`[electronegativity] ${findings.length} findings in electron/ (Electron ${electronVersion})`);
for (const { finding, reason } of judgement.justified) console.log(`  reviewed   ${finding.severity} ${finding.check} (${where(finding)}): ${reason}`);
for (const finding of judgement.minor) console.log(`  minor      ${finding.severity} ${finding.check} (${where(finding)})`);
for (const finding of judgement.unjustified) console.log(`  UNREVIEWED ${finding.severity} ${finding.check} (${where(finding)}): ${finding.description}`);
for (const entry of judgement.stale) console.log(`  STALE      reviewed-findings.json excuses ${entry.check} in ${entry.file}, which is no longer found: remove the entry`);
for (const error of parseErrors) console.log(`  UNPARSED   ${error}`);
const ok = passes(judgement) && parseErrors.length === 0;
console.log(`[electronegativity] ${ok ? 'ok' : 'FAILED: fix the code, or justify the finding in tools/electronegativity/reviewed-findings.json'}`);
process.exitCode = ok ? 0 : 1;
