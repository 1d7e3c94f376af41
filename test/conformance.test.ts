// One conformance suite over every task the default manifest loads: a new plugin is checked without new tests.
import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPISODE_POLICY, Episode, readManifest, loadPlugins, runPolicy, runReferenceSolver, resolveScenario, familiesOf, levelsOf, partitionFamilies, splitsOf } from 'openenv-ts';
import { auditTask } from 'openenv-ts/audit';
import { TaskCatalog } from 'openenv-ts/server';
import { DEFAULT_MANIFEST, ECHO_MANIFEST, ROOT } from './helpers/start-server.js';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

// Every task the served manifest loads, plus the echo example it excludes from serving.
const served = await loadPlugins(readManifest(DEFAULT_MANIFEST), container.createChildContainer());
const example = await loadPlugins(readManifest(ECHO_MANIFEST), container.createChildContainer());
const tasks = [...served.list(), ...example.list()];
const catalog = new TaskCatalog();

describe('scenario digests', () => {
  it('are the same in another process (the compiled server) as here', async () => {
    const addresses = tasks.flatMap((task) => levelsOf(task.plugin).map((level, i) => ({ task: task.metadata.id, level: level.name, split: i % 2 === 0 ? 'test' : 'train', index: 3 + i })));
    const here: string[] = [];
    for (const address of addresses) {
      const task = tasks.find((t) => t.metadata.id === address.task)!;
      const resolved = await resolveScenario(task, address);
      task.plugin.dispose?.(resolved.scenario);
      here.push(resolved.digest);
    }
    const script = `
      const { createEnvironment, resolveScenario } = await import('openenv-ts');
      const out = [];
      for (const manifestPath of ${JSON.stringify([DEFAULT_MANIFEST, ECHO_MANIFEST])}) {
        const env = await createEnvironment({ manifestPath, env: {} });
        for (const a of ${JSON.stringify(addresses)}) {
          if (!env.registry.has(a.task)) continue;
          const task = env.registry.get(a.task);
          const r = await resolveScenario(task, a);
          task.plugin.dispose?.(r.scenario);
          out.push([a, r.digest]);
        }
      }
      process.stdout.write(JSON.stringify(out));
      process.exit(0);`;
    const printed = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as [unknown, string][];
    const there = addresses.map((a) => printed.find(([b]) => JSON.stringify(b) === JSON.stringify(a))?.[1]);
    expect(there).toEqual(here);
  });
});
const SEEDS = [0, 1, 2];

describe.each(tasks.map((task) => [task.metadata.id, task] as const))('task %s', (_id, task) => {
  it('has usable metadata and JSON Schemas, and one MCP tool per action variant', () => {
    expect(task.metadata.description.length).toBeGreaterThan(20);
    const schemas = catalog.schemasOf(task);
    expect(typeof schemas.action).toBe('object');
    expect(schemas.tools.length).toBeGreaterThan(0);
    for (const tool of schemas.tools) expect(['reset', 'step', 'state', 'close']).not.toContain(tool.name);
  });

  it('the same seed gives the same first observation; different seeds differ', async () => {
    const a = await Episode.start(task, { seed: 42 });
    const b = await Episode.start(task, { seed: 42 });
    const c = await Episode.start(task, { seed: 43 });
    expect(a.observation()).toEqual(b.observation());
    expect(a.observation().prompt).not.toEqual(c.observation().prompt);
    for (const episode of [a, b, c]) episode.dispose();
  });

  it('observations carry a prompt and never reward, done or metadata', async () => {
    const episode = await Episode.start(task, { seed: 1 });
    const observation = episode.observation() as unknown as Record<string, unknown>;
    expect(typeof observation.prompt).toBe('string');
    expect((observation.prompt as string).length).toBeGreaterThan(20);
    for (const key of ['reward', 'done', 'metadata']) expect(observation).not.toHaveProperty(key);
    episode.dispose();
  });

  it('the reference solver scores near the top, and the same actions replay to the same score', async () => {
    for (const seed of SEEDS) {
      const first = await runReferenceSolver(task, seed);
      const second = await runReferenceSolver(task, seed);
      expect(first.rawScore, `seed ${seed}`).toBeGreaterThanOrEqual(0.9);
      expect(first.refused).toBe(0);
      expect(second.rewards).toEqual(first.rewards);
      expect(second.rawScore).toBe(first.rawScore);
      expect(first.reportedScore).toBeLessThan(1);
      expect(first.reportedScore).toBeGreaterThan(0);
    }
  });

  it('doing nothing, or submitting at once, scores far below the solver', async () => {
    const tools = catalog.schemasOf(task).toolTypes;
    const submit = tools.has('submit') ? { type: 'submit' } : null;
    for (const seed of SEEDS) {
      const solver = await runReferenceSolver(task, seed);
      const idle = await runPolicy(task, seed, (_obs, i) => (i === 0 ? submit : null));
      expect(idle.rawScore, `seed ${seed}`).toBeLessThanOrEqual(0.35);
      expect(solver.rawScore - idle.rawScore).toBeGreaterThan(0.5);
      idle.episode.dispose();
    }
  });

  it('passes the grader audit on a few seeds (no trivial or memorising policy scores well)', async () => {
    const audit = await auditTask(task, 3);
    expect(audit.problems).toEqual([]);
  });

  it('declares easiest-first levels, train and test splits, and (when it has families) disjoint ones', () => {
    const levels = levelsOf(task.plugin);
    expect(levels.length).toBeGreaterThanOrEqual(served.has(task.metadata.id) ? 2 : 1);
    expect(splitsOf(task.plugin)).toEqual(expect.arrayContaining(['train', 'test']));
    if (served.has(task.metadata.id)) expect(task.plugin.families?.length ?? 0).toBeGreaterThan(0);
    const dealt = splitsOf(task.plugin).map((split) => familiesOf(task.plugin, split));
    const all = dealt.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...(task.plugin.families ?? [])].sort());
    // the partition is a pure function of the family list: same list in another order, same deal
    const shuffled = [...(task.plugin.families ?? [])].reverse();
    const again = partitionFamilies(shuffled, splitsOf(task.plugin));
    for (const split of splitsOf(task.plugin)) expect([...again[split]].sort()).toEqual([...familiesOf(task.plugin, split)].sort());
  });

  it('the reference solver reaches 0.95 at every level, on train and on test', async () => {
    for (const level of levelsOf(task.plugin)) {
      for (const split of ['train', 'test'] as const) {
        const outcome = await runReferenceSolver(task, 11, undefined, { split, level: level.name });
        outcome.episode.dispose();
        expect(outcome.rawScore, `${level.name} / ${split}`).toBeGreaterThanOrEqual(0.95);
      }
    }
  });

  it('ending at once or doing nothing is not better at a harder level', async () => {
    const tools = catalog.schemasOf(task).toolTypes;
    const submit = tools.has('submit') ? { type: 'submit' } : null;
    let previous = Infinity;
    for (const level of levelsOf(task.plugin)) {
      let sum = 0;
      for (const seed of SEEDS) {
        const idle = await runPolicy(task, seed, (_o, i) => (i === 0 ? submit : null), { split: 'test', level: level.name });
        idle.episode.dispose();
        sum += idle.rawScore;
      }
      const mean = sum / SEEDS.length;
      expect(mean, level.name).toBeLessThanOrEqual(0.35);
      expect(mean, level.name).toBeLessThanOrEqual(previous + 0.05);
      previous = mean;
    }
  });

  it('an address (split, level, index) always gives the same scenario digest, and splits give different scenarios', async () => {
    const level = levelsOf(task.plugin).at(-1)!.name;
    const a = await resolveScenario(task, { split: 'test', level, index: 7 });
    const b = await resolveScenario(task, { split: 'test', level, index: 7 });
    const train = await resolveScenario(task, { split: 'train', level, index: 7 });
    for (const r of [a, b, train]) task.plugin.dispose?.(r.scenario);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.digest).toBe(a.digest);
    expect(train.digest).not.toBe(a.digest);
  });

  it('observation data matches the task\'s observationSchema at every step of the solver and of a wrong-action run, at every level', async () => {
    // Development mode makes the framework itself check each observation (PLUGIN_OBSERVATION_INVALID naming the file).
    const episodePolicy = { ...DEFAULT_EPISODE_POLICY, checkObservations: true };
    const schema = task.plugin.observationSchema;
    for (const level of levelsOf(task.plugin)) {
      const solver = await runReferenceSolver(task, 7, undefined, { split: 'test', level: level.name, episodePolicy });
      const first = solver.episode.actions[0];
      // The solver's first action sent again and again: repeats and refusals produce observations a solver never sees.
      const stubborn = await runPolicy(task, 8, () => first, { split: 'test', level: level.name, episodePolicy });
      for (const outcome of [solver, stubborn]) {
        const last = outcome.episode.observation();
        if (schema) expect(schema.safeParse(last.data).error?.issues ?? [], `${level.name}: final observation`).toEqual([]);
        outcome.episode.dispose();
      }
    }
  });

  it('an action with an unknown key is refused naming the key', async () => {
    const episode = await Episode.start(task, { seed: 5 });
    const probe = await runReferenceSolver(task, 5);
    const firstAction = probe.episode.actions[0] as Record<string, unknown>;
    await expect(episode.step({ ...firstAction, bogus_key: 1 })).rejects.toThrow(/unknown field "bogus_key"/);
    expect(episode.stateView().step_count).toBe(0);
    episode.dispose();
  });
});
