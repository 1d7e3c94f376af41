// The grader audit: runs each task's reference solver and trivial policies over many seeds and flags exploitable graders.
import { DEFAULT_EPISODE_POLICY } from '../runtime/episode-types.js';
import { type EpisodePolicy } from '../runtime/reward-ledger.js';
import { TaskCatalog } from '../server/task-catalog.js';
import type { RegisteredTask } from '../runtime/task-registry.js';
import { runPolicy, runReferenceSolver, type Policy } from '../runtime/policy-runs.js';

export interface PolicyStats {
  policy: string;
  mean: number;
  min: number;
  max: number;
  /** Distinct raw scores seen over the seeds. */
  distinct: number;
}

export interface TaskAudit {
  task: string;
  difficulty: string;
  seeds: number;
  policies: PolicyStats[];
  problems: string[];
}

export interface AuditThresholds {
  /** The reference solver's mean raw score must reach this. */
  readonly solverMin: number;
  /** No trivial policy may score above this on any seed. */
  readonly trivialMax: number;
}

export const DEFAULT_AUDIT_THRESHOLDS: AuditThresholds = { solverMin: 0.9, trivialMax: 0.35 };

function stats(policy: string, scores: number[]): PolicyStats {
  const rounded = scores.map((s) => Math.round(s * 1e6) / 1e6);
  return {
    policy,
    mean: scores.reduce((a, b) => a + b, 0) / scores.length,
    min: Math.min(...scores),
    max: Math.max(...scores),
    distinct: new Set(rounded).size,
  };
}

/** Seeds far from the audited ones: their solutions know nothing of the audited scenario. */
const FOREIGN_SEED_OFFSET = 1_000_003;

/**
 * Trivial policies every grader must resist, built generically from the task's own actions: submitting at
 * once, doing nothing, repeating one action that was right for another scenario, and replaying another
 * scenario's whole solution (a policy that memorised answers instead of reading the observation).
 */
async function trivialPolicies(task: RegisteredTask, seed: number, catalog: TaskCatalog): Promise<Array<[string, Policy]>> {
  const foreign = await runReferenceSolver(task, seed + FOREIGN_SEED_OFFSET);
  foreign.episode.dispose();
  const actions = foreign.episode.actions as Record<string, unknown>[];
  const policies: Array<[string, Policy]> = [];
  if (catalog.schemasOf(task).toolTypes.has('submit')) policies.push(['submit-at-once', (_o, i) => (i === 0 ? { type: 'submit' } : null)]);
  policies.push(['do-nothing', () => null]);
  const first = actions.find((a) => a.type !== 'submit');
  if (first) policies.push(['repeat-foreign-action', () => first]);
  policies.push(['foreign-solution', (_o, i) => actions[i] ?? null]);
  return policies;
}

export async function auditTask(
  task: RegisteredTask,
  seeds: number,
  thresholds: AuditThresholds = DEFAULT_AUDIT_THRESHOLDS,
  policy: EpisodePolicy = DEFAULT_EPISODE_POLICY,
): Promise<TaskAudit> {
  const catalog = new TaskCatalog();
  const solverScores: number[] = [];
  const trivialScores = new Map<string, number[]>();
  const problems: string[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const first = await runReferenceSolver(task, seed);
    const replay = await runReferenceSolver(task, seed);
    if (first.rawScore !== replay.rawScore || JSON.stringify(first.rewards) !== JSON.stringify(replay.rewards)) {
      problems.push(`seed ${seed}: the same seed and actions gave different results (${first.rawScore} vs ${replay.rawScore})`);
    }
    if (first.refused > 0) problems.push(`seed ${seed}: the reference solver sent ${first.refused} action(s) the schema refuses`);
    solverScores.push(first.rawScore);
    for (const [name, trivial] of await trivialPolicies(task, seed, catalog)) {
      const outcome = await runPolicy(task, seed, trivial, { episodePolicy: policy });
      outcome.episode.dispose();
      if (!trivialScores.has(name)) trivialScores.set(name, []);
      trivialScores.get(name)!.push(outcome.rawScore);
    }
  }
  const policies = [stats('reference-solver', solverScores), ...[...trivialScores].map(([name, scores]) => stats(name, scores))];
  const solver = policies[0]!;
  if (solver.mean < thresholds.solverMin) problems.push(`reference solver mean ${solver.mean.toFixed(3)} is below ${thresholds.solverMin}`);
  for (const trivial of policies.slice(1)) {
    if (trivial.max > thresholds.trivialMax) problems.push(`trivial policy "${trivial.policy}" reaches ${trivial.max.toFixed(3)} (> ${thresholds.trivialMax})`);
  }
  const everyScore = policies.flatMap((p) => [p.min, p.max]);
  if (seeds > 1 && Math.max(...everyScore) - Math.min(...everyScore) < 1e-9) problems.push('every policy on every seed got the same score: the grader ignores what the agent did');
  return { task: task.metadata.id, difficulty: task.metadata.difficulty, seeds, policies, problems };
}

/** A plain-text table of audits, one block per task. */
export function formatAudit(audits: TaskAudit[]): string {
  const lines: string[] = [];
  for (const audit of audits) {
    lines.push(`${audit.task} (${audit.difficulty}), ${audit.seeds} seeds: ${audit.problems.length === 0 ? 'OK' : 'PROBLEMS'}`);
    lines.push(`  ${'policy'.padEnd(22)} ${'mean'.padStart(6)} ${'min'.padStart(6)} ${'max'.padStart(6)} distinct`);
    for (const p of audit.policies) {
      lines.push(`  ${p.policy.padEnd(22)} ${p.mean.toFixed(3).padStart(6)} ${p.min.toFixed(3).padStart(6)} ${p.max.toFixed(3).padStart(6)} ${String(p.distinct).padStart(8)}`);
    }
    for (const problem of audit.problems) lines.push(`  ! ${problem}`);
  }
  return lines.join('\n');
}
