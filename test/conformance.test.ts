// One conformance suite over every task the default manifest loads: a new plugin is checked without new tests.
import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { Episode } from '../framework/episode.js';
import { auditTask } from '../framework/grader-audit.js';
import { readManifest } from '../framework/manifest.js';
import { loadPlugins } from '../framework/plugin-loader.js';
import { TaskCatalog } from '../framework/server/task-catalog.js';
import { runPolicy, runReferenceSolver } from '../framework/testing.js';
import { DEFAULT_MANIFEST, ECHO_MANIFEST } from './helpers/start-server.js';

// Every task the served manifest loads, plus the echo example it excludes from serving.
const served = await loadPlugins(readManifest(DEFAULT_MANIFEST), container.createChildContainer());
const example = await loadPlugins(readManifest(ECHO_MANIFEST), container.createChildContainer());
const tasks = [...served.list(), ...example.list()];
const catalog = new TaskCatalog();
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

  it('an action with an unknown key is refused naming the key', async () => {
    const episode = await Episode.start(task, { seed: 5 });
    const probe = await runReferenceSolver(task, 5);
    const firstAction = probe.episode.actions[0] as Record<string, unknown>;
    await expect(episode.step({ ...firstAction, bogus_key: 1 })).rejects.toThrow(/unknown field "bogus_key"/);
    expect(episode.stateView().step_count).toBe(0);
    episode.dispose();
  });
});
