// The panel's results as OpenEnv report-2 documents (one per task and level) and as a readable table.
import type { Environment } from '../../runtime/environment.js';
import { contentDigest } from '../../contract/canonical-json.js';
import type { CheckResult } from './check-result.js';
import type { LevelAudit } from './panel.js';

export type Verdict = 'pass' | 'warn' | 'fail';

export function verdictOf(results: readonly CheckResult[]): Verdict {
  return results.some((r) => r.status === 'fail' || r.status === 'error') ? 'fail' : 'pass';
}

/** One report-2 document: the target names the environment, task and level. */
export function reportV2(env: Environment, audit: LevelAudit) {
  return {
    report_schema_version: '2' as const,
    target: `${env.loaded.manifest.name}/${audit.task}@${audit.level}`,
    source_digest: contentDigest({ manifest: env.loaded.manifest, task: audit.task, level: audit.level }),
    signature: 'openenv.yaml' as const,
    manifest: null,
    policy_version: 'openenv-ts-audit-1',
    lane: 'local' as const,
    levels_run: [2, 3],
    results: audit.results,
    verdict: verdictOf(audit.results),
  };
}

/** The failures, each naming task, level, check, policy and the index that breached. */
export function breaches(audits: readonly LevelAudit[]): string[] {
  return audits.flatMap((a) =>
    a.results
      .filter((r) => r.status === 'fail' || r.status === 'error')
      .map((r) => `${a.task} @ ${a.level}: ${r.check_id} ${r.status.toUpperCase()}: ${r.evidence.join('; ')}`),
  );
}

/** A plain-text table: one block per task and level, one line per check. */
export function formatPanel(audits: readonly LevelAudit[]): string {
  const lines: string[] = [];
  for (const audit of audits) {
    lines.push(`${audit.task} @ ${audit.level}: ${verdictOf(audit.results).toUpperCase()}`);
    for (const r of audit.results) {
      const policy = typeof r.measured.policy === 'string' ? ` ${r.measured.policy}` : '';
      lines.push(`  ${r.status.padEnd(5)} ${`${r.check_id}${policy}`.padEnd(48)} ${r.evidence[0] ?? ''}`);
    }
  }
  return lines.join('\n');
}
