// The typed TypeScript clients (HTTP and WebSocket) against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenEnvHttpClient, OpenEnvHttpError, OpenEnvWsClient, OpenEnvWsError, webSocketUrlOf } from 'openenv-ts';
import { closedUrl } from './helpers/fake-model-server.js';
import { fixtureManifest, startServer, type RunningServer } from './helpers/start-server.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ manifestPath: fixtureManifest('client') });
});
afterAll(async () => server.close());

type EchoData = { target: string; last_said: string | null };

describe('OpenEnvHttpClient', () => {
  it('lists tasks, schemas, health and metadata', async () => {
    const client = new OpenEnvHttpClient(`${server.url}/`);
    expect(await client.health()).toEqual({ status: 'healthy' });
    expect((await client.metadata()).name).toBe('client-fixture');
    const tasks = await client.tasks();
    expect(tasks.default_task).toBe('echo');
    expect(tasks.score_bounds).toEqual({ min: 0.001, max: 0.999 });
    expect(tasks.tasks.map((t) => t.id)).toEqual(['echo']);
    expect(tasks.tasks[0]!.action_schema).toHaveProperty('oneOf');
    const schema = await client.schema('echo');
    expect(Object.keys(schema).sort()).toEqual(['action', 'observation', 'state']);
    expect(await client.schema()).toEqual(schema);
  });

  it('plays one episode in its own server-chosen session, and grades it', async () => {
    const client = new OpenEnvHttpClient(server.url);
    expect(client.sessionId).toBeNull();
    const reset = await client.reset<EchoData>({ task: 'echo', seed: 3 });
    expect(client.sessionId).toMatch(/^[A-Za-z0-9._:-]+$/);
    expect(['new', 'default']).not.toContain(client.sessionId);
    expect(reset).toMatchObject({ reward: null, done: false });
    const target = reset.observation.data.target;

    const said = await client.step<EchoData>({ type: 'say', text: target });
    expect(said.reward).toBe(1);
    expect(said.observation.data.last_said).toBe(target);
    expect((await client.state()).step_count).toBe(1);
    const midway = await client.grade();
    expect(midway).toMatchObject({ task_id: 'echo', seed: null, done: false, raw_score: 1, score: 0.999, breakdown: {} });

    const done = await client.step({ type: 'submit' });
    expect(done.done).toBe(true);
    expect(done.observation.score).toBe(0.999);
    expect(await client.state()).toMatchObject({ done: true, step_count: 2, score: 0.999 });

    // The next reset reuses the same session.
    const id = client.sessionId;
    await client.reset({ seed: 4 });
    expect(client.sessionId).toBe(id);
    expect((await client.state()).step_count).toBe(0);
  });

  it('two clients never share an episode; "default" uses the shared default session', async () => {
    const a = new OpenEnvHttpClient(server.url);
    const b = new OpenEnvHttpClient(server.url);
    await a.reset({ seed: 1 });
    await b.reset({ seed: 2 });
    await a.step({ type: 'say', text: 'one' });
    expect((await a.state()).step_count).toBe(1);
    expect((await b.state()).step_count).toBe(0);
    expect(a.sessionId).not.toBe(b.sessionId);

    const shared = new OpenEnvHttpClient(server.url, { session: 'default' });
    await shared.reset({ seed: 5 });
    await shared.step({ type: 'say', text: 'x' });
    expect(shared.sessionId).toBe('default');
    const plain = await fetch(`${server.url}/state`).then((r) => r.json());
    expect(plain).toMatchObject({ seed: null, step_count: 1 });
  });

  it('a schema-invalid action is a 422 OpenEnvHttpError with the problems, and is not counted', async () => {
    const client = new OpenEnvHttpClient(server.url);
    await client.reset({ seed: 1 });
    const err = await client.step({ type: 'say', txt: 'typo' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenEnvHttpError);
    const httpErr = err as OpenEnvHttpError;
    expect(httpErr.status).toBe(422);
    expect(httpErr.code).toBe('INVALID_ACTION');
    expect(httpErr.isValidation).toBe(true);
    expect(httpErr.problems.length).toBeGreaterThan(0);
    expect(httpErr.message).toMatch(/HTTP 422: .*txt/);
    expect((await client.state()).step_count).toBe(0);
  });

  it('other server errors carry status and code; no reply at all is status 0', async () => {
    const client = new OpenEnvHttpClient(server.url);
    const unknown = (await client.reset({ task: 'nope' }).catch((e: unknown) => e)) as OpenEnvHttpError;
    expect(unknown.status).toBe(422);
    expect(unknown.code).toBe('UNKNOWN_TASK');
    const named = new OpenEnvHttpClient(server.url, { session: 'never-created' });
    const missing = (await named.step({ type: 'submit' }).catch((e: unknown) => e)) as OpenEnvHttpError;
    expect(missing.status).toBe(404);
    expect(missing.code).toBe('SESSION_NOT_FOUND');

    const dead = new OpenEnvHttpClient(await closedUrl(), { timeoutMs: 2000 });
    const refused = (await dead.health().catch((e: unknown) => e)) as OpenEnvHttpError;
    expect(refused).toBeInstanceOf(OpenEnvHttpError);
    expect(refused.isTransport).toBe(true);
    expect(refused.message).toContain('ECONNREFUSED');
  });
});

describe('OpenEnvWsClient', () => {
  it('derives the /ws URL as the Python client does', () => {
    expect(webSocketUrlOf('http://host:8000')).toBe('ws://host:8000/ws');
    expect(webSocketUrlOf('https://x.hf.space/base/')).toBe('wss://x.hf.space/base/ws');
    expect(webSocketUrlOf('ws://host/ws')).toBe('ws://host/ws');
  });

  it('reset, step, state, MCP and close over one session', async () => {
    const client = await OpenEnvWsClient.connect(server.url);
    const reset = await client.reset<EchoData>({ task: 'echo', seed: 3 });
    expect(reset.done).toBe(false);
    const step = await client.step({ type: 'say', text: reset.observation.data.target });
    expect(step.reward).toBe(1);
    expect(await client.state()).toMatchObject({ step_count: 1, seed: null, task_id: 'echo' });
    const tools = await client.mcp({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(tools).toMatchObject({ jsonrpc: '2.0', id: 1 });
    expect(((tools.result as { tools: Array<{ name: string }> }).tools).map((t) => t.name)).toEqual(['say', 'submit']);
    await client.close();
    expect(client.isOpen).toBe(false);
    const late = await client.state().catch((e: unknown) => e);
    expect(late).toBeInstanceOf(OpenEnvWsError);
    expect((late as OpenEnvWsError).code).toBe('SOCKET_CLOSED');
  });

  it('error frames become OpenEnvWsError and the session stays usable', async () => {
    const client = await OpenEnvWsClient.connect(server.wsUrl);
    const early = (await client.step({ type: 'submit' }).catch((e: unknown) => e)) as OpenEnvWsError;
    expect(early).toBeInstanceOf(OpenEnvWsError);
    expect(early.code).toBe('SESSION_ERROR');
    await client.reset({ seed: 1 });
    const invalid = (await client.step({ type: 'shout' }).catch((e: unknown) => e)) as OpenEnvWsError;
    expect(invalid.code).toBe('VALIDATION_ERROR');
    expect(Array.isArray(invalid.data.errors)).toBe(true);
    const ok = await client.step({ type: 'submit' });
    expect(ok.done).toBe(true);
    await client.close();
  });

  it('separate connections are separate sessions; a dead server fails to connect', async () => {
    const a = await OpenEnvWsClient.connect(server.url);
    const b = await OpenEnvWsClient.connect(server.url);
    await a.reset({ seed: 1 });
    await b.reset({ seed: 2 });
    await a.step({ type: 'say', text: 'x' });
    expect((await a.state()).step_count).toBe(1);
    expect((await b.state()).step_count).toBe(0);
    await Promise.all([a.close(), b.close()]);
    const failed = await OpenEnvWsClient.connect(await closedUrl()).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenEnvWsError);
    expect((failed as OpenEnvWsError).code).toBe('CONNECT_FAILED');
  });
});
