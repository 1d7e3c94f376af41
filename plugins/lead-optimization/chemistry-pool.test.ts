// The RDKit worker pool: results equal to the in-process computation, a worker killed mid-job, a runaway job, the queue bound.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { contentDigest, familiesOf, registeredTaskOf, resolveScenario, Rng, type Grade, type ScenarioContext, type SplitName } from 'openenv-ts';
import { eventually } from '../../test/helpers/start-server.js';
import { chemistryPoolSettingsFrom, MAX_CHEMISTRY_WORKERS } from './chemistry-pool-settings.js';
import { chemistryPoolStats, configureChemistryPool, holdChemistryJobs, killChemistryWorker, shutdownChemistryPool, slotRunning } from './chemistry-pool.js';
import { randomEdits } from './baseline-policies.js';
import { gradeState } from './grader.js';
import { forgetWorkerOracles, generateOffLoop, oracleOffLoop } from './heavy-chemistry.js';
import { searchOracle, type OracleResult } from './oracle-search.js';
import { LeadOptimizationTask } from './plugin.js';
import { referenceActions } from './reference-solver.js';
import { generateScenario } from './scenario-generator.js';
import { configSchema, type LeadConfig } from './schemas.js';
import { initialState, transition } from './transitions.js';
import type { LeadScenario, LeadState } from './types.js';

const task = registeredTaskOf(LeadOptimizationTask);
const plugin = task.plugin as LeadOptimizationTask;
const LEVELS = plugin.levels;

afterAll(() => shutdownChemistryPool());

/** The scenario the in-process generator gives for a catalogue address, and the context it was given. */
async function inProcess(index: number, split: SplitName, levelNumber: number): Promise<{ scenario: LeadScenario; config: LeadConfig; context: ScenarioContext }> {
  const level = LEVELS[levelNumber - 1]!;
  const config = configSchema.parse(level.config);
  const context: ScenarioContext = { level: level.name, levelNumber, split, families: familiesOf(plugin, split) };
  return { scenario: await generateScenario(new Rng(index, `lead-optimization/${split}`), config, context), config, context };
}

/** The final states a few chemists reach: the reference solver's, a gate failure (the lead), random edits then a submit. */
async function finalStates(scenario: LeadScenario, seed: number, oracle: OracleResult): Promise<LeadState[]> {
  const play = (actions: unknown[]) => {
    let state = initialState(scenario);
    for (const action of actions) state = transition(scenario, state, plugin.actionSchema.parse(action)).state;
    return state;
  };
  const states = [play(referenceActions(scenario, oracle)), play([{ type: 'submit', molecule: 'M0' }])];
  // Random analogues, submitted: some pass the gates (graded against the oracle), some do not.
  const walk = randomEdits(seed, 3);
  let state = initialState(scenario);
  for (let i = 0; i < 6 && !state.submitted; i++) {
    const observation = { prompt: '', data: plugin.observe(scenario, state).data, feedback: null, last_action_error: null, step_count: i, max_steps: 50, corrections_left: null, score: null };
    const action = walk(observation as never, i);
    state = transition(scenario, state, plugin.actionSchema.parse(action)).state;
  }
  if (!state.submitted) state = transition(scenario, state, { type: 'submit' }).state;
  states.push(state);
  return states;
}

describe('the RDKit worker pool computes what the server thread would', () => {
  it('same scenario digest, same oracle result and same grades as in-process, on several seeds, splits and levels', async () => {
    configureChemistryPool({ workers: 2 });
    forgetWorkerOracles();
    const addresses: Array<[number, SplitName, number]> = [
      [0, 'test', 1],
      [1, 'test', 5],
      [2, 'train', 3],
      [3, 'validation', 4],
      [4, 'test', 5],
      [5, 'train', 2],
    ];
    let gradedAgainstOracle = 0;
    for (const [index, split, levelNumber] of addresses) {
      const label = `index ${index} ${split} level ${levelNumber}`;
      const served = await resolveScenario(task, { index, split, level: levelNumber });
      const here = await inProcess(index, split, levelNumber);
      expect(served.digest, label).toBe(contentDigest({ task: task.metadata.id, level: LEVELS[levelNumber - 1]!.name, scenario: here.scenario }));
      const scenario = served.scenario as LeadScenario;
      const searchedHere = searchOracle(here.scenario);
      expect(await oracleOffLoop(scenario), label).toEqual(searchedHere);
      for (const state of await finalStates(here.scenario, index, searchedHere)) {
        const expected = gradeState(here.scenario, state);
        const got: Grade = await plugin.grade(scenario, state);
        expect(got, `${label}, ${state.submitted}`).toEqual(expected);
        if (expected.breakdown.gates_passed === true) gradedAgainstOracle++;
      }
      expect(await plugin.solve(scenario), label).toEqual(referenceActions(here.scenario, searchedHere));
    }
    // The comparison covered grades that read the oracle, and the work really ran in the workers.
    expect(gradedAgainstOracle).toBeGreaterThanOrEqual(addresses.length);
    const stats = chemistryPoolStats();
    expect(stats.jobs).toBeGreaterThanOrEqual(addresses.length * 2);
    expect(stats.workerRestarts).toBe(0);
  });
});

describe('the RDKit worker pool under faults', () => {
  beforeEach(() => {
    forgetWorkerOracles();
  });

  it('a worker killed in the middle of a generation is replaced; that job and the ones waiting behind it still give the in-process scenarios', async () => {
    configureChemistryPool({ workers: 2 });
    const level = LEVELS[4]!;
    const config = configSchema.parse(level.config);
    const context: ScenarioContext = { level: level.name, levelNumber: 5, split: 'test', families: familiesOf(plugin, 'test') };
    const seeds = [11, 12, 13, 14, 15];
    const pending = seeds.map((seed) => generateOffLoop(new Rng(seed, 'lead-optimization/test'), config, context));
    // A fresh worker's first generation builds its scaffold table (hundreds of RDKit evaluations): caught inside.
    await eventually(() => slotRunning('generate') !== null, 30_000);
    killChemistryWorker(slotRunning('generate')!);
    const served = await Promise.all(pending);
    for (const [i, seed] of seeds.entries()) {
      const here = await generateScenario(new Rng(seed, 'lead-optimization/test'), config, context);
      expect(contentDigest(served[i]), `seed ${seed}`).toBe(contentDigest(here));
    }
    const stats = chemistryPoolStats();
    expect(stats.workerRestarts).toBe(1);
    expect(stats.replaced).toBeGreaterThanOrEqual(1);
    expect(stats.timeouts).toBe(0);
  });

  it('a job that outlasts its time limit fails alone with a time-limit error; its worker is replaced and the next job is served', async () => {
    // 1 ms: no generation on a fresh worker (its scaffold table alone is hundreds of evaluations) finishes in time.
    configureChemistryPool({ workers: 1, jobTimeoutMs: 1 });
    const level = LEVELS[0]!;
    const config = configSchema.parse(level.config);
    const context: ScenarioContext = { level: level.name, levelNumber: 1, split: 'train', families: [] };
    await expect(generateOffLoop(new Rng(21, 'lead-optimization/train'), config, context)).rejects.toThrow(/ran longer than the 1 ms time limit/);
    expect(chemistryPoolStats()).toMatchObject({ timeouts: 1, workerRestarts: 1 });
    configureChemistryPool({ workers: 1 });
    const served = await generateOffLoop(new Rng(21, 'lead-optimization/train'), config, context);
    expect(contentDigest(served)).toBe(contentDigest(await generateScenario(new Rng(21, 'lead-optimization/train'), config, context)));
  });

  it('past the queue bound a job is refused with OVERLOADED (503, retry_after_s); the accepted ones still finish', async () => {
    configureChemistryPool({ workers: 1, maxQueued: 2 });
    const release = holdChemistryJobs();
    const config = configSchema.parse({});
    const context: ScenarioContext = { level: LEVELS[0]!.name, levelNumber: 1, split: 'train', families: [] };
    const accepted = [31, 32].map((seed) => generateOffLoop(new Rng(seed, 'lead-optimization/train'), config, context));
    await eventually(() => chemistryPoolStats().queued === 2);
    const refused = generateOffLoop(new Rng(33, 'lead-optimization/train'), config, context);
    await expect(refused).rejects.toMatchObject({ code: 'OVERLOADED', status: 503, details: { resource: 'rdkit-workers', waiting: 2, retry_after_s: expect.any(Number) } });
    // The same address as a waiting job joins it instead of queueing again, so it is not refused.
    const joined = generateOffLoop(new Rng(31, 'lead-optimization/train'), config, context);
    release();
    const [first, second, again] = await Promise.all([...accepted, joined]);
    expect(first!.family).toBeTruthy();
    expect(second!.family).toBeTruthy();
    expect(again).toBe(first);
    expect(chemistryPoolStats()).toMatchObject({ refusals: 1, jobs: 2 });
  });

  it('a job that would wait longer than the wait bound is refused with OVERLOADED before the line is full', async () => {
    // Before any job has finished, a job is reckoned at 200 ms: with a 300 ms bound the third in line is refused.
    configureChemistryPool({ workers: 1, maxWaitMs: 300 });
    const release = holdChemistryJobs();
    const config = configSchema.parse({});
    const context: ScenarioContext = { level: LEVELS[0]!.name, levelNumber: 1, split: 'train', families: [] };
    const accepted = [51, 52].map((seed) => generateOffLoop(new Rng(seed, 'lead-optimization/train'), config, context));
    await eventually(() => chemistryPoolStats().queued === 2);
    const refused = generateOffLoop(new Rng(53, 'lead-optimization/train'), config, context);
    await expect(refused).rejects.toThrow(/would wait about 0.4 s \(the limit is 0.3 s\)/);
    await expect(refused).rejects.toMatchObject({ code: 'OVERLOADED', details: { retry_after_s: 1 } });
    release();
    await Promise.all(accepted);
    expect(chemistryPoolStats()).toMatchObject({ refusals: 1, jobs: 2 });
  });
});

describe('the RDKit worker pool settings', () => {
  it('reads OPENENV_RDKIT_* with bounds: 0 workers is the server thread, more than the cap or a non-number is refused naming the variable', () => {
    expect(chemistryPoolSettingsFrom({ OPENENV_RDKIT_WORKERS: '3', OPENENV_RDKIT_QUEUE: '10', OPENENV_RDKIT_JOB_TIMEOUT_MS: '500', OPENENV_RDKIT_MAX_WAIT_S: '5' })).toEqual({
      workers: 3,
      maxQueued: 10,
      jobTimeoutMs: 500,
      maxWaitMs: 5000,
    });
    expect(chemistryPoolSettingsFrom({}).maxWaitMs).toBe(20_000);
    expect(chemistryPoolSettingsFrom({ OPENENV_RDKIT_WORKERS: '2' }).maxQueued).toBe(512);
    expect(chemistryPoolSettingsFrom({ OPENENV_RDKIT_WORKERS: '0' }).workers).toBe(0);
    expect(() => chemistryPoolSettingsFrom({ OPENENV_RDKIT_WORKERS: String(MAX_CHEMISTRY_WORKERS + 1) })).toThrow(/OPENENV_RDKIT_WORKERS must be a whole number from 0 to 8/);
    expect(() => chemistryPoolSettingsFrom({ OPENENV_RDKIT_QUEUE: 'lots' })).toThrow(/OPENENV_RDKIT_QUEUE/);
    expect(chemistryPoolSettingsFrom({}).workers).toBeGreaterThanOrEqual(1);
    expect(chemistryPoolSettingsFrom({}).workers).toBeLessThanOrEqual(4);
  });

  it('with 0 workers the heavy work runs on this thread, as before the pool, and gives the same scenario and oracle', async () => {
    configureChemistryPool({ workers: 0 });
    forgetWorkerOracles();
    const level = LEVELS[1]!;
    const config = configSchema.parse(level.config);
    const context: ScenarioContext = { level: level.name, levelNumber: 2, split: 'test', families: familiesOf(plugin, 'test') };
    const scenario = await generateOffLoop(new Rng(41, 'lead-optimization/test'), config, context);
    expect(contentDigest(scenario)).toBe(contentDigest(await generateScenario(new Rng(41, 'lead-optimization/test'), config, context)));
    expect(await oracleOffLoop(scenario)).toEqual(searchOracle(scenario));
    expect(chemistryPoolStats()).toMatchObject({ workers: 0, jobs: 0 });
  });
});
