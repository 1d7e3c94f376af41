// The runtime check passes our server and names what a broken server gets wrong.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRuntime, formatRuntimeChecks } from 'openenv-ts/tools';
import { ECHO_MANIFEST, startServer, type RunningServer } from './helpers/start-server.js';

describe('validate-url', () => {
  let server: RunningServer;
  const broken = Fastify();
  let brokenUrl = '';
  beforeAll(async () => {
    server = await startServer({ manifestPath: ECHO_MANIFEST });
    // a server with the reference's usual mistakes: no /mcp, a /reset that needs a body, a wrong health body
    broken.get('/health', async () => ({ status: 'ok' }));
    broken.get('/openapi.json', async () => ({ info: { version: 1 }, paths: { '/reset': {}, '/step': {} } }));
    broken.get('/metadata', async () => ({ name: 'x' }));
    broken.get('/schema', async () => ({ action: {}, observation: {}, state: null }));
    broken.post('/reset', async (_req, reply) => reply.status(422).send({ detail: 'body required' }));
    brokenUrl = await broken.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await broken.close();
  });

  it('passes every check against this framework', async () => {
    const checks = await validateRuntime(server.url);
    expect(checks).toHaveLength(7);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual([
      'openapi_version_available',
      'health_endpoint',
      'metadata_endpoint',
      'schema_endpoint',
      'mcp_endpoint',
      'mode_endpoint_consistency',
      'reset_empty_body',
    ]);
    expect(formatRuntimeChecks(server.url, checks).split('\n').at(-1)).toBe('Verdict: PASS (all 7 criteria)');
  });

  it('names each failing criterion of a broken server', async () => {
    const checks = await validateRuntime(brokenUrl);
    const failed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.name, c.detail]));
    expect(failed).toEqual({
      'GET /openapi.json has a string info.version': 'info.version is not a string',
      'GET /health answers status "healthy"': 'body {"status":"ok"}',
      'GET /metadata has string name and description': 'name or description missing',
      'GET /schema has action, observation and state objects': 'not objects: state',
      'POST /mcp {} answers 200 with jsonrpc "2.0"': 'status 404',
      '/openapi.json lists /reset, /step and /state': 'only /reset, /step of /reset, /step, /state',
      'POST /reset {} answers 200 (the deployment gate)': 'status 422: {"detail":"body required"}',
    });
    const text = formatRuntimeChecks(brokenUrl, checks);
    expect(text).toContain('  FAIL  health_endpoint: GET /health answers status "healthy"\n          body {"status":"ok"}');
    expect(text.split('\n').at(-1)).toBe('Verdict: FAIL (7 of 7 criteria failed)');
  });

  it('reports an unreachable server instead of throwing', async () => {
    const checks = await validateRuntime('http://127.0.0.1:9');
    expect(checks.every((c) => !c.ok && c.detail.startsWith('request failed'))).toBe(true);
  });
});
