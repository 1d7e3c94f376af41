// openenv.yaml's validation block and validation/runtime.json satisfy OpenEnv's schemas and say what the server does.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REWARD_MODES, stepRewardRange } from 'openenv-ts';
import { generatedFilesDrift, loadEnvironment, OPENENV_YAML, allToolNamesOf, PLAN_LIMITS, POLICY_BOUNDS, RUNTIME_PLAN_FILE } from 'openenv-ts/tools';
import { openenvSchema, schemaProblems } from '../helpers/json-schema.js';
import { PythonStyleClient, pythonJsonDumps } from '../helpers/python-style-ws-client.js';
import { call, DEFAULT_MANIFEST, startServer, type RunningServer } from '../helpers/start-server.js';

const root = path.resolve(import.meta.dirname, '../..');
const yaml = parse(readFileSync(path.join(root, OPENENV_YAML), 'utf8')) as Record<string, any>;
const plan = JSON.parse(readFileSync(path.join(root, RUNTIME_PLAN_FILE), 'utf8')) as Record<string, any>;

/**
 * The document OpenEnv's openenv.yaml parser hands to its manifest model: top-level name and version, the
 * validation block's sections, signature "openenv.yaml", and schema version 2 because `execution` is declared.
 */
function normalizedManifest(doc: Record<string, any>): Record<string, unknown> {
  const validation = doc.validation ?? {};
  const normalized: Record<string, unknown> = {
    manifest_schema_version: 'execution' in validation ? '2' : '1',
    signature: 'openenv.yaml',
    version: doc.version ?? null,
    judge: validation.judge ?? null,
    task_distribution: validation.task_distribution ?? null,
  };
  for (const [key, value] of [['name', doc.name], ...['reward', 'resources', 'capabilities', 'types', 'network'].map((k) => [k, validation[k]])]) {
    if (value !== undefined && value !== null) normalized[key as string] = value;
  }
  if ('execution' in validation) normalized.execution = validation.execution;
  return normalized;
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ manifestPath: DEFAULT_MANIFEST });
});
afterAll(async () => server.close());

describe('generated validation files', () => {
  it('openenv.yaml and validation/runtime.json equal a fresh generation (regenerate with npm run openenv:yaml)', async () => {
    expect(await generatedFilesDrift(root)).toEqual([]);
  });

  it('name the runtime plan file the execution block points at', () => {
    expect(yaml.validation.execution).toEqual({ kind: 'openenv_ws', probe_path: RUNTIME_PLAN_FILE, dockerfile: 'Dockerfile', context: '.', agent_boundary: 'api' });
  });
});

describe('against OpenEnv\'s published schemas', () => {
  it('the validation block, normalized as OpenEnv\'s parser does, is a valid schema-2 manifest', () => {
    expect(schemaProblems(openenvSchema('manifest-v2'), normalizedManifest(yaml))).toEqual([]);
  });

  it('a block with a misspelled or missing field is refused, so the check above can fail', () => {
    const misspelled = structuredClone(yaml);
    misspelled.validation.reward.oracle_tolerence = 0.1;
    expect(schemaProblems(openenvSchema('manifest-v2'), normalizedManifest(misspelled))).toContain('/reward: must NOT have additional properties (oracle_tolerence)');
    const noResources = structuredClone(yaml);
    delete noResources.validation.resources;
    expect(schemaProblems(openenvSchema('manifest-v2'), normalizedManifest(noResources))).toContain("/: must have required property 'resources'");
  });

  it('the runtime plan is a valid plan, within the limits OpenEnv checks beyond the schema', () => {
    expect(schemaProblems(openenvSchema('runtime-plan'), plan)).toEqual([]);
    expect(Object.keys(plan.reset.options)).not.toContain('seed');
    expect(Object.keys(plan.reset.options)).not.toContain('episode_id');
    expect(Buffer.byteLength(JSON.stringify(plan))).toBeLessThanOrEqual(65_536);
    expect(plan.reset.seed).toBeLessThanOrEqual(PLAN_LIMITS.maxSeed);
  });

  it('a plan without actions is refused', () => {
    expect(schemaProblems(openenvSchema('runtime-plan'), { ...plan, actions: [] })).toEqual(['/actions: must NOT have fewer than 1 items']);
  });
});

describe('the declarations match what the server does', () => {
  it('declare tolerances and a timeout inside the severity policy bounds static.manifest enforces', () => {
    const { reward, resources } = yaml.validation;
    expect(reward.oracle_tolerance).toBeLessThanOrEqual(POLICY_BOUNDS.maxOracleTolerance);
    expect(reward.floor_margin).toBeGreaterThanOrEqual(POLICY_BOUNDS.minFloorMargin);
    expect(resources.episode_timeout_s).toBeLessThanOrEqual(POLICY_BOUNDS.maxEpisodeTimeoutS);
  });

  it('declare a reward range that covers every step reward of every task in both modes, penalties included', async () => {
    const env = await loadEnvironment(root);
    const [low, high] = yaml.validation.reward.range as [number, number];
    expect(low).toBeLessThan(high);
    expect(low).toBeLessThan(0);
    for (const task of env.registry.list()) {
      const ranges = stepRewardRange(env.policy, typeof task.plugin.potential === 'function', task.metadata.maxSteps);
      for (const mode of REWARD_MODES) {
        expect(ranges[mode][0], `${task.metadata.id} ${mode}`).toBeGreaterThanOrEqual(low);
        expect(ranges[mode][1], `${task.metadata.id} ${mode}`).toBeLessThanOrEqual(high);
      }
    }
  });

  it('declare the task counts the Task API answers for every split', async () => {
    const name = yaml.name as string;
    const splits = (await call(`${server.url}/${name}/splits`)).body as { name: string }[];
    const counts: Record<string, number> = {};
    for (const { name: split } of splits) counts[split] = (await call(`${server.url}/${name}/num_tasks`, { body: { split } })).body.num_tasks;
    expect(yaml.validation.capabilities.task_api).toBe(true);
    expect(yaml.validation.capabilities.declared_task_count).toEqual(counts);
    expect((await call(`${server.url}/list_environments`)).body).toEqual([name]);
  });

  it('declare exactly the tools an MCP tools/list answers on a fresh WebSocket, as the validator asks before any reset', async () => {
    const client = await PythonStyleClient.connect(server.wsUrl);
    try {
      client.sendRaw(pythonJsonDumps({ type: 'mcp', data: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} } }));
      const frame = await client.nextFrame();
      expect(frame.type).toBe('mcp');
      const names = (frame.data.result.tools as { name: string }[]).map((t) => t.name);
      expect([...yaml.validation.capabilities.declared_tools].sort()).toEqual([...names].sort());
    } finally {
      await client.close();
    }
    // Only the default task's tools: the union over tasks is larger and would fail the exact comparison.
    const env = await loadEnvironment(root);
    expect(allToolNamesOf(env).length).toBeGreaterThan(yaml.validation.capabilities.declared_tools.length);
  });

  it('the plan, played over WebSocket as the validator does, ends its episode with rewards in range and the state it asked for', async () => {
    const [low, high] = yaml.validation.reward.range as [number, number];
    const schema = (await call(`${server.url}/schema`)).body.observation;
    const client = await PythonStyleClient.connect(server.wsUrl);
    const exchange = async (message: Record<string, unknown>) => {
      client.sendRaw(JSON.stringify(message));
      return client.nextFrame();
    };
    try {
      const reset = await exchange({ type: 'reset', data: { ...plan.reset.options, seed: plan.reset.seed, episode_id: plan.reset.episode_id } });
      expect(reset.type).toBe('observation');
      expect(reset.data.observation.task_id).toBe(yaml.default_task);
      let last = reset.data;
      let steps = 0;
      for (const action of plan.actions) {
        if (last.done === true) break;
        const frame = await exchange({ type: 'step', data: action });
        expect(frame.type, JSON.stringify(frame).slice(0, 300)).toBe('observation');
        last = frame.data;
        steps += 1;
        expect(typeof last.reward).toBe('number');
        expect(last.reward).toBeGreaterThanOrEqual(low);
        expect(last.reward).toBeLessThanOrEqual(high);
        expect(schemaProblems(schema, { ...last.observation, reward: last.reward, done: last.done })).toEqual([]);
        const state = await exchange({ type: 'state' });
        expect(state.data).toMatchObject({ episode_id: plan.reset.episode_id, step_count: steps });
      }
      expect(last.done).toBe(true);
      expect(last.observation.score).toBeGreaterThan(0.9);
    } finally {
      await client.close();
    }
  });
});
