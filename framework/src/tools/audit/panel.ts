// The adversarial audit panel: every policy and attack, per task and level, through a real server with default settings.
import { Episode } from '../../runtime/episode.js';
import { type WireObservation } from '../../runtime/episode-types.js';
import type { Environment } from '../../runtime/environment.js';
import { resolveScenario } from '../../runtime/scenario-address.js';
import { CATALOGUE_SIZE, levelsOf, splitsOf } from '../../contract/scenario-catalogue.js';
import { Rng } from '../../contract/seeded-random.js';
import type { ServerOptions } from '../../server/app.js';
import { TaskCatalog } from '../../server/task-catalog.js';
import type { RegisteredTask } from '../../runtime/task-registry.js';
import { CHECK, ORACLE_MIN, POLICY_MAX, REMEDIATION, REPETITION_MAX } from './check-ids.js';
import { round, timed, type CheckResult } from './check-result.js';
import { driveEpisode, type AuditPolicy, type DrivenEpisode } from './episode-driver.js';
import type { HttpAgent } from './http-agent.js';
import { startLiveServer } from './live-server.js';
import { CrossSeedMemoriser, type Demonstration } from './memoriser.js';
import { repetitionMetric } from './repetition.js';
import { enumerationCheck, episodeIdReuseCheck, identificationChecks, replayCheck, resetOf, rewardProbeCheck, type Victim } from './server-attacks.js';
import { SESSION_HEADER } from '../../contract/wire-schemas.js';
import { TRIVIAL_POLICIES, type PolicyContext } from './trivial-policies.js';

export interface PanelOptions {
  /** Held-out episodes per task and level that every policy plays. */
  readonly seeds: number;
  /** Train-split reference solutions the memoriser learns from, per level. */
  readonly trainSeeds: number;
  /** Observations per split for the repetition metric, per level. */
  readonly repetitionSeeds: number;
  /** Resets an enumerating agent may spend looking for its scenario. */
  readonly enumerationBudget: number;
  readonly tasks?: readonly string[];
  readonly levels?: readonly string[];
  /** Server settings (the self-tests switch defences off; an audit uses the defaults). */
  readonly server?: ServerOptions;
  /** Called as each check finishes, for a progress indicator. */
  readonly onProgress?: (task: string, level: string, check: CheckResult) => void;
}

/** The full panel (`npm run audit`) and the reduced one CI runs. */
export const FULL_PANEL: Omit<PanelOptions, 'tasks' | 'levels'> = { seeds: 10, trainSeeds: 100, repetitionSeeds: 200, enumerationBudget: 256 };
export const REDUCED_PANEL: Omit<PanelOptions, 'tasks' | 'levels'> = { seeds: 2, trainSeeds: 40, repetitionSeeds: 40, enumerationBudget: 24 };

export interface LevelAudit {
  readonly task: string;
  readonly level: string;
  readonly results: CheckResult[];
}

/** The split the panel plays: held out if the task has one. */
function heldOut(task: RegisteredTask) {
  return splitsOf(task.plugin).includes('test') ? 'test' : 'train';
}

/** Held-out indices drawn at random from the whole split, as an evaluator should. */
function victimsOf(task: RegisteredTask, level: string, count: number): Victim[] {
  const split = heldOut(task);
  const rng = new Rng(count, `audit/${task.metadata.id}/${level}`);
  return Array.from({ length: count }, () => ({ task, level, split, index: rng.int(0, CATALOGUE_SIZE[split] - 1) }));
}

async function solutionOf(task: RegisteredTask, address: { split: string; level: string; index: number }): Promise<unknown[]> {
  const resolved = await resolveScenario(task, address);
  try {
    return [...(await task.plugin.solve(resolved.scenario))];
  } finally {
    task.plugin.dispose?.(resolved.scenario);
  }
}

async function firstObservation(task: RegisteredTask, address: { split: string; level: string; index: number }): Promise<WireObservation> {
  const episode = await Episode.start(task, address);
  const observation = episode.observation();
  episode.dispose();
  return observation;
}

const replaying = (actions: readonly unknown[]): AuditPolicy => (view) => actions[view.step] ?? null;

/** Plays a policy (made fresh per episode) on every victim; the check fails if any episode scores above the ceiling. */
async function policyCheck(api: HttpAgent, victims: readonly Victim[], checkId: string, name: string, make: (victim: Victim) => AuditPolicy | Promise<AuditPolicy>): Promise<Omit<CheckResult, 'duration_s'>> {
  const runs: Array<[Victim, DrivenEpisode]> = [];
  for (const victim of victims) {
    runs.push([victim, await driveEpisode(api, resetOf(victim), await make(victim), victim.task.metadata.maxSteps + 5)]);
  }
  const [worstVictim, worst] = runs.reduce((a, b) => (b[1].raw > a[1].raw ? b : a));
  const mean = runs.reduce((s, [, r]) => s + r.raw, 0) / runs.length;
  const failed = worst.raw > POLICY_MAX;
  return {
    check_id: checkId,
    status: failed ? 'fail' : 'pass',
    measured: { policy: name, mean: round(mean), max: round(worst.raw), episodes: runs.length, ceiling: POLICY_MAX },
    evidence: [`${name}: mean ${round(mean)}, max ${round(worst.raw)} (${worstVictim.split} index ${worstVictim.index})`],
    remediation: failed ? REMEDIATION[checkId]! : null,
  };
}

async function oracleCheck(api: HttpAgent, victims: readonly Victim[], solutions: Map<Victim, unknown[]>): Promise<Omit<CheckResult, 'duration_s'>> {
  const scores: Array<[Victim, number]> = [];
  for (const victim of victims) {
    const run = await driveEpisode(api, resetOf(victim), replaying(solutions.get(victim)!), solutions.get(victim)!.length + 1);
    scores.push([victim, run.raw]);
  }
  const mean = scores.reduce((s, [, x]) => s + x, 0) / scores.length;
  const [low, lowest] = scores.reduce((a, b) => (b[1] < a[1] ? b : a));
  const failed = mean < ORACLE_MIN;
  return {
    check_id: CHECK.oracle,
    status: failed ? 'fail' : 'pass',
    measured: { policy: 'reference-solver', mean: round(mean), min: round(lowest), episodes: scores.length, floor: ORACLE_MIN },
    evidence: [`reference-solver: mean ${round(mean)}, min ${round(lowest)} (${low.split} index ${low.index})`],
    remediation: failed ? REMEDIATION[CHECK.oracle]! : null,
  };
}

/** The same address in two fresh sessions gives the same first observation; the same plan gives the same rewards. */
async function determinismChecks(api: HttpAgent, victim: Victim, solution: unknown[]): Promise<Array<Omit<CheckResult, 'duration_s'>>> {
  const reset = resetOf(victim);
  const a = await api.call('POST', '/reset', reset, { [SESSION_HEADER]: 'new' });
  const b = await api.call('POST', '/reset', reset, { [SESSION_HEADER]: 'new' });
  const sameStart = JSON.stringify(a.body.observation) === JSON.stringify(b.body.observation);
  const first = await driveEpisode(api, reset, replaying(solution), solution.length + 1);
  const second = await driveEpisode(api, reset, replaying(solution), solution.length + 1);
  const samePlay = JSON.stringify(first.rewards) === JSON.stringify(second.rewards) && first.raw === second.raw;
  return [
    {
      check_id: CHECK.seedControl,
      status: sameStart ? 'pass' : 'fail',
      measured: { same_first_observation: sameStart },
      evidence: [`${victim.split} index ${victim.index} reset twice in fresh sessions: ${sameStart ? 'identical' : 'different'} first observations`],
      remediation: sameStart ? null : REMEDIATION[CHECK.seedControl]!,
    },
    {
      check_id: CHECK.determinism,
      status: samePlay ? 'pass' : 'fail',
      measured: { same_rewards: samePlay, raw: [first.raw, second.raw] },
      evidence: [`the reference plan replayed in a fresh session: ${samePlay ? 'identical' : 'different'} rewards and score`],
      remediation: samePlay ? null : REMEDIATION[CHECK.determinism]!,
    },
  ];
}

async function memoriserOf(task: RegisteredTask, level: string, count: number): Promise<CrossSeedMemoriser> {
  const demos: Demonstration[] = [];
  for (let index = 0; index < count; index++) {
    const address = { split: 'train', level, index };
    demos.push({ observation: await firstObservation(task, address), actions: await solutionOf(task, address) });
  }
  return new CrossSeedMemoriser(demos);
}

async function repetitionCheck(task: RegisteredTask, level: string, count: number): Promise<Omit<CheckResult, 'duration_s'>> {
  const texts = async (split: string) => {
    const out: string[] = [];
    for (let index = 0; index < count; index++) out.push((await firstObservation(task, { split, level, index })).prompt);
    return out;
  };
  const metric = repetitionMetric(await texts('train'), await texts(heldOut(task)));
  const failed = metric.share > REPETITION_MAX;
  return {
    check_id: CHECK.repetition,
    status: failed ? 'fail' : 'pass',
    measured: { share: round(metric.share, 4), distinct_test_sentences: metric.distinctTestSentences, repeated: metric.repeated, skeletons: metric.skeletons, standing_instructions: metric.instructions, ceiling: REPETITION_MAX, scenarios_per_split: count },
    evidence: failed ? metric.examples.slice(0, 3).map((s) => `seen in train: "${s.slice(0, 160)}"`) : [`${round(metric.share * 100, 2)}% of ${metric.distinctTestSentences} distinct held-out sentences appear verbatim in train`],
    remediation: failed ? REMEDIATION[CHECK.repetition]! : null,
  };
}

/** Runs the whole panel for one task at one level. */
async function auditLevel(api: HttpAgent, task: RegisteredTask, level: string, options: PanelOptions, catalog: TaskCatalog): Promise<LevelAudit> {
  const results: CheckResult[] = [];
  const add = async (work: () => Promise<Omit<CheckResult, 'duration_s'>>) => {
    const result = await timed(work);
    results.push(result);
    options.onProgress?.(task.metadata.id, level, result);
  };
  const schemas = catalog.schemasOf(task);
  const victims = victimsOf(task, level, options.seeds);
  const solutions = new Map<Victim, unknown[]>();
  for (const victim of victims) solutions.set(victim, await solutionOf(task, victim));
  const ctxFor = (victim: Victim, salt: string): PolicyContext => ({
    actionSchema: schemas.action,
    hasSubmit: schemas.toolTypes.has('submit'),
    maxSteps: task.metadata.maxSteps,
    rng: new Rng(victim.index, `audit/${salt}`),
  });

  await add(() => oracleCheck(api, victims, solutions));
  for (const check of await determinismChecks(api, victims[0]!, solutions.get(victims[0]!)!)) await add(async () => check);
  for (const policy of TRIVIAL_POLICIES) await add(() => policyCheck(api, victims, policy.checkId, policy.name, (victim) => policy.make(ctxFor(victim, policy.name))));
  const memoriser = await memoriserOf(task, level, options.trainSeeds);
  await add(() =>
    policyCheck(api, victims, CHECK.memoriser, 'cross-seed-memoriser', () => {
      let plan: unknown[] | null = null;
      return (view) => (plan ??= memoriser.plan(view.observation))[view.step] ?? null;
    }),
  );
  const hints = task.plugin.hintOnlyPolicy;
  if (hints) {
    await add(() => policyCheck(api, victims, CHECK.hints, 'structured-hints', () => {
      const policy = hints.call(task.plugin);
      return (view) => policy(view.observation, view.step);
    }));
  }
  for (const check of await identificationChecks(api, victims)) await add(async () => check);
  await add(() => enumerationCheck(api, victims, options.enumerationBudget));
  await add(() => replayCheck(api, victims[0]!));
  await add(() => episodeIdReuseCheck(api, victims[0]!, solutions.get(victims[0]!)!));
  await add(() => rewardProbeCheck(api, victims, (victim) => ctxFor(victim, 'reward-probe')));
  await add(() => repetitionCheck(task, level, options.repetitionSeeds));
  return { task: task.metadata.id, level, results };
}

/** Runs the panel over the environment's tasks and levels against one live server with the given settings. */
export async function runPanel(env: Environment, options: PanelOptions): Promise<LevelAudit[]> {
  const server = await startLiveServer(env, options.server);
  const catalog = new TaskCatalog(env.policy);
  const audits: LevelAudit[] = [];
  try {
    for (const task of env.registry.list()) {
      if (options.tasks && !options.tasks.includes(task.metadata.id)) continue;
      for (const level of levelsOf(task.plugin)) {
        if (options.levels && !options.levels.includes(level.name)) continue;
        audits.push(await auditLevel(server.agent, task, level.name, options, catalog));
      }
    }
  } finally {
    await server.close();
  }
  return audits;
}
