// End-to-end tests of the baseline agent: the compiled inference script against a scripted model and real environments.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from 'openenv-ts/tools';
import { parseBaselineLog, type Block } from './helpers/baseline-log.js';
import { closedUrl, scripted, startFakeModel, type FakeModelServer, type FakeReply, type RecordedCall } from './helpers/fake-model-server.js';
import { ROOT, eventually, fixtureManifest, startServer } from './helpers/start-server.js';

const SCRIPT = path.join(ROOT, 'dist', 'inference.js');

/** The real CLI serving a manifest on a free port, in a process of its own. */
async function cliServer(manifest: string): Promise<{ url: string; child: ReturnType<typeof spawn> }> {
  const port = Number(new URL(await closedUrl()).port);
  const child = spawn(process.execPath, [CLI_PATH, 'serve'], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', OPENENV_MANIFEST: manifest },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await eventually(() => output.includes('listening on') || child.exitCode !== null, 60_000);
  if (!output.includes('listening on')) throw new Error(`the server did not start:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, child };
}
const FIXTURE = fixtureManifest('inference');
const FIXTURE_TASKS = ['echo', 'count-up', 'fragile', 'pick-color'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real script as a child process with a clean environment (no inherited keys or URLs). */
function runBaseline(env: Record<string, string>, timeoutMs = 60_000, onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [SCRIPT], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), OPENENV_MANIFEST: FIXTURE, BASELINE_RETRY_BASE_MS: '10', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baseline did not finish within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A competent policy for the fixture tasks, reading the observation text the way an LLM would. */
function smart(call: RecordedCall): { content: string } {
  const u = call.observation;
  switch (call.taskId) {
    case 'echo': {
      const target = /Repeat this phrase exactly, then submit:\n(.+)/.exec(u)?.[1]?.trim() ?? '';
      const say = JSON.stringify({ type: 'say', text: target });
      return { content: u.includes(say) ? '{"type":"submit"}' : say };
    }
    case 'count-up': {
      const m = /Counter value: (\d+)\nTarget: (\d+)/.exec(u);
      const left = m ? Number(m[2]) - Number(m[1]) : 0;
      if (left <= 0) return { content: '{"type":"submit"}' };
      const amount = Math.min(5, left) === 4 ? 3 : Math.min(5, left);
      return { content: JSON.stringify({ type: 'add', amount }) };
    }
    case 'pick-color':
      return { content: JSON.stringify({ type: 'choose', color: /The colour to choose is (\w+)\./.exec(u)?.[1] ?? 'red' }) };
    case 'fragile':
      return { content: '{"type":"poke"}' };
    default:
      return { content: '{}' };
  }
}

function byTask(blocks: Block[]): Map<string, Block> {
  return new Map(blocks.map((b) => [b.task, b]));
}

/** Every block complete and nothing run: what an unusable model or environment must still produce. */
function expectEmptyBlocks(blocks: Block[], tasks: string[]): void {
  expect(blocks.map((b) => b.task)).toEqual(tasks);
  for (const b of blocks) {
    expect(b.steps).toEqual([]);
    expect(b.end).toMatchObject({ success: false, steps: 0, rewards: [] });
  }
}

beforeAll(() => {
  // The script runs compiled, as users run it; test/global-setup.ts compiled it before any test file started.
  expect(existsSync(SCRIPT)).toBe(true);
});

describe('a full run against a scripted model', () => {
  let model: FakeModelServer;
  let run: Run;
  let blocks: Block[];

  beforeAll(async () => {
    model = await startFakeModel(
      scripted(
        {
          echo: [
            { status: 500 },
            (call) => ({ content: `\`\`\`json\n${smart(call).content}\n\`\`\`` }),
            { content: 'I would rather talk about the weather.' },
            { content: '{"type":"say"}' },
            (call) => ({ ...smart(call), delayMs: 2500 }),
          ],
          'count-up': [
            { content: '{"type":"add","amount":99}' },
            smart,
            { content: 'Sure! {"type":"add","amount":4} is my move.' },
            { content: '{"type":"add","amount":4}' },
          ],
        },
        smart,
      ),
    );
    run = await runBaseline({ API_BASE_URL: model.url, MODEL_NAME: 'test-model', API_KEY: 'test-key', BASELINE_MODEL_TIMEOUT_S: '1' });
    blocks = parseBaselineLog(run.stdout);
    if (process.env.DEBUG_BASELINE) console.error(run.stdout, run.stderr);
  }, 90_000);
  afterAll(async () => model?.close());

  it('prints one well-formed block per registered task, in order, and exits 0', () => {
    expect(run.code).toBe(0);
    expect(blocks.map((b) => b.task)).toEqual(FIXTURE_TASKS);
    for (const b of blocks) expect(b).toMatchObject({ env: 'baseline-fixture', model: 'test-model' });
  });

  it('recovers from an HTTP 500, a fenced reply, prose, a schema violation and a slow reply (echo)', () => {
    const echo = byTask(blocks).get('echo')!;
    expect(echo.steps.map((s) => [s.reward, s.done])).toEqual([['1.00', false], ['0.00', false], ['0.00', true]]);
    expect(echo.steps[0]!.action).toMatch(/^\{"type":"say","text":"[a-z ]+"\}$/);
    expect(echo.steps[0]!.error).toBeNull();
    expect(echo.steps[1]!.action).toBe('{"type":"say"}');
    expect(echo.steps[1]!.error).toMatch(/^invalid action: text: /);
    expect(echo.steps[2]!.action).toBe('{"type":"submit"}');
    expect(echo.end).toMatchObject({ success: true, steps: 3, score: '0.999', rewards: ['1.00', '0.00', '0.00'] });
    expect(run.stderr).toContain('retry 1/2 after: HTTP 500');
    expect(run.stderr).toMatch(/retry 1\/2 after: .*timed out/i);
  });

  it('repairs a locally invalid action and reports a server-refused one as an invalid step (count-up)', () => {
    const count = byTask(blocks).get('count-up')!;
    expect(count.steps[0]!.error).toBeNull();
    expect(count.steps[1]!).toMatchObject({ action: '{"type":"add","amount":4}', reward: '0.00', done: false });
    expect(count.steps[1]!.error).toContain('four is not allowed here');
    expect(count.steps.at(-1)).toMatchObject({ action: '{"type":"submit"}', done: true });
    // The refused actions never reached the counter, so the target was hit exactly.
    expect(count.end).toMatchObject({ success: true, score: '0.999' });
    const repairs = model.calls.filter((c) => c.taskId === 'count-up' && c.repair);
    expect(repairs[0]!.user).toMatch(/amount: .*5/);
    expect(repairs[1]!.user).toContain('four is not allowed here');
  });

  it('keeps going when the environment fails on a step (fragile) and scores from the grader', () => {
    const fragile = byTask(blocks).get('fragile')!;
    expect(fragile.steps).toHaveLength(1);
    expect(fragile.steps[0]).toMatchObject({ action: '{"type":"poke"}', reward: '0.00', done: false });
    expect(fragile.steps[0]!.error).toContain('fixture plugin failure');
    expect(fragile.end).toMatchObject({ success: false, steps: 1, score: '0.250' });
    // What the plugin printed went to stderr; the strict parser above saw nothing but the blocks.
    expect(run.stderr).toContain('noise from a plugin');
    expect(run.stderr).toContain('more noise from a plugin');
    expect(byTask(blocks).get('pick-color')!.end).toMatchObject({ success: true, steps: 1, score: '0.999', rewards: ['1.00'] });
  });

  it('calls the model for every task with the configured model, key and prompts', () => {
    expect(new Set(model.calls.map((c) => c.taskId))).toEqual(new Set(FIXTURE_TASKS));
    for (const call of model.calls) {
      expect(call.model).toBe('test-model');
      expect(call.authorization).toBe('Bearer test-key');
      expect(call.body.temperature).toBe(0);
    }
    const echoCall = model.calls.find((c) => c.taskId === 'echo')!;
    const system = echoCall.messages[0]!.content;
    expect(system).toContain('Repeat the target phrase word for word');
    expect(system).toContain('"const":"say"');
    expect(echoCall.user).toContain('Repeat this phrase exactly, then submit:');
  });
});

describe('failures still give complete blocks', () => {
  it('an unreachable model endpoint and no key: every task prints a block, exit code 0', async () => {
    const run = await runBaseline({ API_BASE_URL: `${await closedUrl()}/v1` });
    expect(run.code).toBe(0);
    const blocks = parseBaselineLog(run.stdout);
    expectEmptyBlocks(blocks, FIXTURE_TASKS);
    expect(blocks.find((b) => b.task === 'echo')!.end.score).toBe('0.001');
    expect(run.stderr).toContain('neither API_KEY nor HF_TOKEN is set');
  });

  it('a model that only talks nonsense is cut off at the step cap', async () => {
    const model = await startFakeModel(() => ({ content: 'no idea, sorry' }));
    try {
      const run = await runBaseline({ API_BASE_URL: model.url, HF_TOKEN: 'hf-key', BASELINE_MAX_STEPS: '2', OPENENV_TASK: 'echo,count-up' });
      expect(run.code).toBe(0);
      const blocks = parseBaselineLog(run.stdout);
      expect(blocks.map((b) => b.task)).toEqual(['echo', 'count-up']);
      for (const b of blocks) {
        expect(b.steps.map((s) => [s.action, s.reward, s.done])).toEqual([
          ['"no idea, sorry"', '0.00', false],
          ['"no idea, sorry"', '0.00', false],
        ]);
        expect(b.steps[0]!.error).toBe('invalid action: the reply contains no JSON object');
        expect(b.end).toMatchObject({ success: false, steps: 2, score: '0.001' });
      }
      // One reply and one repair per step.
      expect(model.calls).toHaveLength(8);
      expect(model.calls.every((c) => c.authorization === 'Bearer hf-key')).toBe(true);
    } finally {
      await model.close();
    }
  });

  it('the time budget bounds the run and later tasks still print their blocks', async () => {
    const model = await startFakeModel((call) => ({ ...smart(call), delayMs: 800 }));
    try {
      const run = await runBaseline({ API_BASE_URL: model.url, BASELINE_BUDGET_S: '3' });
      expect(run.code).toBe(0);
      expect(run.ms).toBeLessThan(10_000);
      const blocks = parseBaselineLog(run.stdout);
      expect(blocks.map((b) => b.task)).toEqual(FIXTURE_TASKS);
      expect(blocks.some((b) => b.steps.length === 0 || !b.steps.at(-1)!.done)).toBe(true);
    } finally {
      await model.close();
    }
  });

  it('SIGTERM stops the run, and every task still prints its block', async () => {
    const model = await startFakeModel((call) => ({ ...smart(call), delayMs: 20_000 }));
    try {
      const run = await runBaseline({ API_BASE_URL: model.url }, 30_000, (child) => {
        const poll = setInterval(() => {
          if (model.calls.length > 0) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 20);
      });
      expect(run.code).toBe(143);
      expect(run.ms).toBeLessThan(10_000);
      expectEmptyBlocks(parseBaselineLog(run.stdout), FIXTURE_TASKS);
      expect(run.stderr).toContain('SIGTERM: stopping');
    } finally {
      await model.close();
    }
  });

  it('a usage error exits 2 with nothing on stdout', async () => {
    const bad = await runBaseline({ BASELINE_MAX_STEPS: 'many' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('BASELINE_MAX_STEPS must be an integer');
    const unknown = await runBaseline({ OPENENV_TASK: 'echo,no-such-task', API_BASE_URL: `${await closedUrl()}/v1` });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('no-such-task');
    expect(unknown.stderr).toContain('known tasks: echo, count-up, fragile, pick-color');
  });
});

describe('choosing tasks and the environment', () => {
  let model: FakeModelServer;
  beforeAll(async () => {
    model = await startFakeModel(smart);
  });
  afterAll(async () => model?.close());

  it('OPENENV_TASK selects tasks, in the order given', async () => {
    const run = await runBaseline({ API_BASE_URL: model.url, OPENENV_TASK: 'pick-color, echo' });
    expect(run.code).toBe(0);
    const blocks = parseBaselineLog(run.stdout);
    expect(blocks.map((b) => b.task)).toEqual(['pick-color', 'echo']);
    expect(blocks.every((b) => b.end.success && b.end.score === '0.999')).toBe(true);
  });

  it('the seed is fixed by default and can be set', async () => {
    const targets = async (seed?: string) => {
      const run = await runBaseline({ API_BASE_URL: model.url, OPENENV_TASK: 'echo', ...(seed ? { OPENENV_SEED: seed } : {}) });
      return parseBaselineLog(run.stdout)[0]!.steps[0]!.action;
    };
    const first = await targets();
    expect(await targets()).toBe(first);
    const others = new Set([await targets('1'), await targets('2'), await targets('3')]);
    expect(others.size).toBeGreaterThan(1);
  });

  it('ENV_BASE_URL points the run at a running server', async () => {
    const server = await startServer({ manifestPath: fixtureManifest('client') });
    try {
      const run = await runBaseline({ API_BASE_URL: model.url, ENV_BASE_URL: server.url, OPENENV_MANIFEST: '/nonexistent/openenv.plugins.json' });
      expect(run.code).toBe(0);
      const blocks = parseBaselineLog(run.stdout);
      expect(blocks.map((b) => [b.task, b.env])).toEqual([['echo', 'client-fixture']]);
      expect(blocks[0]!.end).toMatchObject({ success: true, score: '0.999' });
    } finally {
      await server.close();
    }
  });

  it('ENV_BASE_URL with several servers spreads the episodes over them, skipping one that is down', async () => {
    const servers = await Promise.all([cliServer(FIXTURE), cliServer(FIXTURE)]);
    try {
      const run = await runBaseline({ API_BASE_URL: model.url, ENV_BASE_URL: [await closedUrl(), ...servers.map((s) => s.url)].join(','), OPENENV_TASK: 'echo,count-up', OPENENV_MANIFEST: '/nonexistent/openenv.plugins.json' });
      expect(run.code).toBe(0);
      expect(parseBaselineLog(run.stdout).map((block) => block.task)).toEqual(['echo', 'count-up']);
      // Each live server ran one of the two episodes (the pool takes turns between equally loaded servers).
      const resets = await Promise.all(servers.map(async (s) => (await (await fetch(`${s.url}/metrics`)).text()).match(/^openenv_resets_total\{[^}]*outcome="ok"[^}]*\} 1$/gm)?.length ?? 0));
      expect(resets, run.stderr).toEqual([1, 1]);
    } finally {
      for (const s of servers) s.child.kill('SIGKILL');
    }
  });

  it('an unreachable ENV_BASE_URL still gives complete blocks for the named tasks', async () => {
    const run = await runBaseline({ API_BASE_URL: model.url, ENV_BASE_URL: await closedUrl(), OPENENV_TASK: 'echo,count-up', BASELINE_ENV_TIMEOUT_S: '2' });
    expect(run.code).toBe(0);
    const blocks = parseBaselineLog(run.stdout);
    expectEmptyBlocks(blocks, ['echo', 'count-up']);
    expect(blocks.every((b) => b.end.score === '0.001')).toBe(true);
  });
});

describe('LOCAL_IMAGE_NAME', () => {
  let bin: string;
  let model: FakeModelServer;
  beforeAll(async () => {
    bin = mkdtempSync(path.join(tmpdir(), 'fake-docker-'));
    model = await startFakeModel(smart);
  });
  afterAll(async () => {
    rmSync(bin, { recursive: true, force: true });
    await model?.close();
  });

  it('a failing docker: a clear message, complete blocks, exit code 0', async () => {
    const failing = path.join(bin, 'failing');
    execFileSync('mkdir', ['-p', failing]);
    writeFileSync(path.join(failing, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon at unix:///var/run/docker.sock" >&2\nexit 1\n');
    chmodSync(path.join(failing, 'docker'), 0o755);
    const env = { API_BASE_URL: model.url, LOCAL_IMAGE_NAME: 'my/env:latest', PATH: `${failing}:${process.env.PATH}` };

    const strict = await runBaseline({ ...env, BASELINE_DOCKER_FALLBACK: '0', OPENENV_TASK: 'echo,pick-color' });
    expect(strict.code).toBe(0);
    expectEmptyBlocks(parseBaselineLog(strict.stdout), ['echo', 'pick-color']);
    expect(strict.stderr).toContain('LOCAL_IMAGE_NAME: docker run my/env:latest failed with exit code 1: Cannot connect to the Docker daemon');

    const fallback = await runBaseline(env);
    expect(fallback.code).toBe(0);
    expect(parseBaselineLog(fallback.stdout).map((b) => b.task)).toEqual(FIXTURE_TASKS);
    expect(fallback.stderr).toContain('falling back to the embedded server');
  });

  it('no docker at all: the message says so', async () => {
    const run = await runBaseline({ API_BASE_URL: model.url, LOCAL_IMAGE_NAME: 'my/env', BASELINE_DOCKER_FALLBACK: '0', PATH: bin });
    expect(run.code).toBe(0);
    expectEmptyBlocks(parseBaselineLog(run.stdout), ['default']);
    expect(run.stderr).toContain('is Docker installed and on PATH?');
  });

  it('runs the image on a free port, waits for /health and removes the container', async () => {
    // A stand-in for docker: "run" starts the compiled server on the published port, "rm -f" stops it.
    const working = path.join(bin, 'working');
    const state = path.join(bin, 'state');
    execFileSync('mkdir', ['-p', working, state]);
    // The stand-in is CommonJS whatever package.json sits above the temporary directory.
    writeFileSync(path.join(working, 'package.json'), '{"type": "commonjs"}');
    writeFileSync(
      path.join(working, 'docker'),
      `#!${process.execPath}
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(2);
const state = ${JSON.stringify(state)};
fs.appendFileSync(state + '/calls.log', [command, ...args].join(' ') + '\\n');
if (command === 'run') {
  const port = args[args.indexOf('-p') + 1].split(':')[0];
  const child = spawn(process.execPath, [${JSON.stringify(CLI_PATH)}, 'serve'], {
    detached: true, stdio: 'ignore',
    // A container does not inherit the caller's environment (OPENENV_TASK there is the baseline's list).
    env: { PATH: process.env.PATH, PORT: port, HOST: '127.0.0.1', OPENENV_MANIFEST: ${JSON.stringify(FIXTURE)} },
  });
  child.unref();
  const id = 'c0ffee' + child.pid;
  fs.writeFileSync(state + '/' + id, String(child.pid));
  console.log(id);
} else if (command === 'rm') {
  const id = args[args.length - 1];
  try { process.kill(Number(fs.readFileSync(state + '/' + id, 'utf8')), 'SIGTERM'); } catch {}
  console.log(id);
} else if (command !== 'logs') {
  process.exit(1);
}
`,
    );
    chmodSync(path.join(working, 'docker'), 0o755);
    const run = await runBaseline({
      API_BASE_URL: model.url,
      LOCAL_IMAGE_NAME: 'fake/image:1',
      BASELINE_DOCKER_FALLBACK: '0',
      BASELINE_DOCKER_HEALTH_TIMEOUT_S: '20',
      OPENENV_MANIFEST: '/nonexistent/openenv.plugins.json',
      OPENENV_TASK: 'echo,pick-color',
      PATH: `${working}:${process.env.PATH}`,
    });
    expect(run.code).toBe(0);
    const blocks = parseBaselineLog(run.stdout);
    expect(blocks.map((b) => [b.task, b.env, b.end.score])).toEqual([['echo', 'baseline-fixture', '0.999'], ['pick-color', 'baseline-fixture', '0.999']]);
    expect(run.stderr).toContain('environment: docker image fake/image:1');
    const calls = readFileSync(path.join(state, 'calls.log'), 'utf8').trim().split('\n');
    expect(calls[0]).toMatch(/^run -d --rm -p \d+:8000 fake\/image:1$/);
    expect(calls.at(-1)).toMatch(/^rm -f c0ffee\d+$/);
    const pid = Number(/c0ffee(\d+)/.exec(calls.at(-1)!)![1]);
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 5000);
  });
});

describe('stdout discipline', () => {
  it('the strict parser refuses anything but the three line types', () => {
    expect(() => parseBaselineLog('hello\n')).toThrow(/not a \[START\]/);
    expect(() => parseBaselineLog('[START] task=a env=b model=c\n[END] success=false steps=1 score=0.500 rewards=\n')).toThrow(/steps=1/);
    expect(() => parseBaselineLog('[START] task=a env=b model=c\n[END] success=false steps=0 score=1.000 rewards=\n')).toThrow(/strictly inside/);
    expect(() => parseBaselineLog('[START] task=a env=b model=c\n[STEP] step=1 action={} reward=0.1 done=false error=null\n[END] success=false steps=1 score=0.500 rewards=0.1\n')).toThrow(/not a/);
    expect(() => parseBaselineLog('[START] task=a env=b model=c\n[STEP] step=1 action={} reward=0.10 done=False error=null\n')).toThrow();
    expect(parseBaselineLog('[START] task=a env=b model=c\n[STEP] step=1 action={"x": 1} reward=-0.05 done=true error=bad thing\n[END] success=false steps=1 score=0.001 rewards=-0.05\n')).toHaveLength(1);
  });
});
