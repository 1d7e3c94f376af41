// Collect, export and replay on every shipped task (reference solver), the baseline policy against a scripted model, and a re-grade after a deliberate grader change.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { systemPrompt } from 'openenv-ts/agent';
import { createEnvironment, type Environment } from 'openenv-ts';
import { TaskCatalog } from 'openenv-ts/server';
import type { TaskInfo } from 'openenv-ts';
import { collect } from 'openenv-ts/tools';
import { replayCommand } from 'openenv-ts/tools';
import { readRecords, replayRecord, summarize } from 'openenv-ts/tools';
import type { TrajectoryRecord } from 'openenv-ts/tools';
import { startFakeModel } from '../helpers/fake-model-server.js';
import { call, DEFAULT_MANIFEST, ECHO_MANIFEST, fixtureManifest, startServer } from '../helpers/start-server.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'openenv-trajectories-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function jsonLines(file: string): any[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** Runs the replay command in-process and returns its exit code and what it printed. */
async function replayCli(env: Environment, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await replayCommand(env, args), out };
  } finally {
    spy.mockRestore();
  }
}

const shipped = await createEnvironment({ manifestPath: DEFAULT_MANIFEST, env: {} });
const echo = await createEnvironment({ manifestPath: ECHO_MANIFEST, env: {} });
const everyTask = [...shipped.registry.ids().map((id) => ({ id, env: shipped })), { id: 'echo', env: echo }];

describe.each(everyTask)('collect and replay: $id', ({ id, env }) => {
  it('writes OpenEnv results lines, trajectory records and metadata from the reference solver, and a replay changes no score', async () => {
    const out = tempDir();
    const progress = { text: '', write(chunk: string) { this.text += chunk; return true; } };
    const summary = await collect(env, { task: id, count: 2, out, policy: 'reference', progress: progress as any });
    expect(summary.finished).toBe(2);
    expect(progress.text).toContain('2/2');

    const info = new TaskCatalog(env.policy).describe(env.registry.get(id)) as unknown as TaskInfo;
    const results = jsonLines(path.join(out, 'results.jsonl'));
    const records: TrajectoryRecord[] = jsonLines(path.join(out, 'trajectories.jsonl'));
    expect(results).toHaveLength(2);
    expect(records).toHaveLength(2);
    results.forEach((line, k) => {
      const record = records[k]!;
      expect(Object.keys(line).sort()).toEqual(['artifacts', 'done', 'episode_id', 'extra', 'messages', 'metrics', 'reward', 'task', 'tool_trace', 'verify_metrics']);
      expect(line.episode_id).toBe(`ep-00000${k}`);
      expect(line.done).toBe(true);
      expect(line.reward).toBeGreaterThanOrEqual(0.95);
      expect(line.task).toMatchObject({ task_id: id, split: 'train', index: k, scenario_digest: record.scenario_digest, grader_version: '1' });
      // The chat: the baseline's system prompt, then one user/assistant pair per step whose reply is the action.
      expect(line.messages[0]).toEqual({ role: 'system', content: systemPrompt({ name: id, resetTask: id, info }, info.action_schema) });
      expect(line.messages).toHaveLength(1 + 2 * record.actions.length);
      record.actions.forEach((action, i) => {
        expect(line.messages[1 + 2 * i].role).toBe('user');
        expect(line.messages[1 + 2 * i].content).toContain(record.observations[i]!.prompt.trim().split('\n')[0]);
        expect(JSON.parse(line.messages[2 + 2 * i].content)).toEqual(action);
        expect(line.tool_trace[i]).toMatchObject({ tool_name: 'step', arguments: action, result: { data: record.observations[i + 1], error: record.errors[i] } });
      });
      // The plain RL shape: one more observation than actions, rewards summing to the return.
      expect(record.observations).toHaveLength(record.actions.length + 1);
      expect(record.rewards).toHaveLength(record.actions.length);
      expect(record.rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(record.return, 9);
      expect(record.score).toBe(line.reward);
    });
    const metadata = JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ task_id: id, num_episodes: 2, num_finished: 2, policy: 'reference', grader_version: '1', split: 'train' });

    const { records: read } = readRecords(out);
    expect(read).toHaveLength(2); // results.jsonl and trajectories.jsonl hold the same two episodes
    const outcomes = await Promise.all(read.map(({ record }) => replayRecord(env.registry, record, env.policy)));
    expect(outcomes.map((o) => o.status)).toEqual(['same', 'same']);
  });
});

describe('collect with the baseline policy', () => {
  it('asks the OpenAI-compatible model with the baseline prompts and records its actions', async () => {
    const model = await startFakeModel((c) => {
      const target = /Repeat this phrase exactly, then submit:\n(.+)/.exec(c.observation)?.[1]?.trim() ?? '';
      return { content: c.observation.includes('Step 1 of') ? JSON.stringify({ type: 'say', text: target }) : '{"type":"submit"}' };
    });
    try {
      const out = tempDir();
      const summary = await collect(echo, {
        task: 'echo',
        count: 2,
        out,
        policy: 'baseline',
        modelEnv: { API_BASE_URL: model.url, MODEL_NAME: 'scripted', HF_TOKEN: 'test-key' },
        progress: { write: () => true } as any,
      });
      expect(summary.finished).toBe(2);
      const results = jsonLines(path.join(out, 'results.jsonl'));
      expect(model.calls.length).toBe(4);
      expect(model.calls[0]!.messages[0]!.content).toBe(results[0].messages[0].content);
      for (const line of results) {
        expect(line.reward).toBeGreaterThanOrEqual(0.95);
        expect(line.tool_trace.map((t: any) => t.arguments.type)).toEqual(['say', 'submit']);
      }
      const metadata = JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8'));
      expect(metadata).toMatchObject({ policy: 'baseline', model: { name: 'scripted', api_base_url: model.url } });
    } finally {
      await model.close();
    }
  });
});

describe('re-grading recorded episodes after a grader change', () => {
  /** Records four episodes of the digits fixture (v1 grader) through a real server: two right, two partly right. */
  async function recordDigits(): Promise<string> {
    const dir = tempDir();
    const server = await startServer({ manifestPath: fixtureManifest('regrade/v1'), recording: { dir } });
    try {
      const wrongBy = [0, 1, 2, 0];
      for (const [seed, wrong] of wrongBy.entries()) {
        const reset = await call(`${server.url}/reset`, { body: { task: 'digits', seed, record: true }, headers: { 'x-openenv-session-id': 'new' } });
        const session = reset.headers.get('x-openenv-session-id')!;
        const digits = [...reset.body.observation.data.digits] as number[];
        for (let i = 0; i < wrong; i++) digits[i] = (digits[i]! + 1) % 10;
        const step = await call(`${server.url}/step`, { body: { action: { type: 'answer', digits } }, headers: { 'x-openenv-session-id': session } });
        expect(step.body.done).toBe(true);
      }
    } finally {
      await server.close();
    }
    expect(jsonLines(path.join(dir, 'trajectories.jsonl'))).toHaveLength(4);
    return dir;
  }

  it('with the same grader nothing changes; with the changed grader the two partly right episodes are reported with their change', async () => {
    const dir = await recordDigits();
    const v1 = await createEnvironment({ manifestPath: fixtureManifest('regrade/v1'), env: {} });
    const same = await replayCli(v1, [dir]);
    expect(same.code).toBe(0);
    expect(summarize((await Promise.all(readRecords(dir).records.map((r) => replayRecord(v1.registry, r.record, v1.policy)))))).toEqual([
      expect.objectContaining({ task_id: 'digits', records: 4, regraded: 4, changed: 0, refused: 0 }),
    ]);

    const v2 = await createEnvironment({ manifestPath: fixtureManifest('regrade/v2'), env: {} });
    const outcomes = await Promise.all(readRecords(dir).records.map((r) => replayRecord(v2.registry, r.record, v2.policy)));
    const [row] = summarize(outcomes);
    expect(row).toMatchObject({ task_id: 'digits', records: 4, regraded: 4, changed: 2, refused: 0, grader_recorded: '1', grader_current: '2' });
    expect(row!.max_abs_delta).toBeCloseTo(2 / 3, 9);
    expect(row!.mean_delta).toBeCloseTo(-(2 / 3 + 1 / 3) / 4, 9);
    const changed = outcomes.filter((o) => o.status === 'changed').map((o) => ('delta' in o ? o.delta : NaN));
    expect(changed.map((d) => d.toFixed(4)).sort()).toEqual(['-0.3333', '-0.6667']);

    const printed = await replayCli(v2, [dir]);
    expect(printed.code).toBe(0);
    expect(printed.out).toMatch(/digits\s+4\s+4\s+2\s+-0\.2500\s+0\.6667\s+0\s+1 -> 2/);
    expect(printed.out.match(/^changed {2}digits /gm)).toHaveLength(2);
  });

  it('refuses every record whose scenario digest no longer matches, saying why, and exits 1', async () => {
    const dir = await recordDigits();
    const v3 = await createEnvironment({ manifestPath: fixtureManifest('regrade/v3'), env: {} });
    const printed = await replayCli(v3, [dir]);
    expect(printed.code).toBe(1);
    expect(printed.out.match(/^REFUSED {2}digits .* SCENARIO_CHANGED: digits train\/default index \d+ now generates scenario [0-9a-f]{12}, not the recorded [0-9a-f]{12}/gm)).toHaveLength(4);
    expect(printed.out).toMatch(/digits\s+4\s+0\s+0/);
  });
});
