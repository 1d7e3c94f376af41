// Checks a running server the way `openenv validate --url` and the submission gate do, so problems show before a push.

export interface RuntimeCheck {
  /** The criterion id `openenv validate --url` reports (ours for the deployment gate: reset_empty_body). */
  readonly id: string;
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function fetchJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Probe = (base: string) => Promise<string | null>;
type Criterion = [id: string, name: string, probe: Probe];

/** The six criteria of `openenv validate --url`, then the submission gate's POST /reset {}; each returns a problem or null. */
const PROBES: Criterion[] = [
  ['openapi_version_available', 'GET /openapi.json has a string info.version', async (base) => {
    const { status, body } = await fetchJson(`${base}/openapi.json`);
    if (status !== 200) return `status ${status}`;
    return isObject(body) && isObject(body.info) && typeof body.info.version === 'string' ? null : 'info.version is not a string';
  }],
  ['health_endpoint', 'GET /health answers status "healthy"', async (base) => {
    const { status, body } = await fetchJson(`${base}/health`);
    if (status !== 200) return `status ${status}`;
    return isObject(body) && body.status === 'healthy' ? null : `body ${JSON.stringify(body)}`;
  }],
  ['metadata_endpoint', 'GET /metadata has string name and description', async (base) => {
    const { status, body } = await fetchJson(`${base}/metadata`);
    if (status !== 200) return `status ${status}`;
    return isObject(body) && typeof body.name === 'string' && typeof body.description === 'string' ? null : 'name or description missing';
  }],
  ['schema_endpoint', 'GET /schema has action, observation and state objects', async (base) => {
    const { status, body } = await fetchJson(`${base}/schema`);
    if (status !== 200) return `status ${status}`;
    const missing = ['action', 'observation', 'state'].filter((k) => !isObject(body) || !isObject(body[k]));
    return missing.length === 0 ? null : `not objects: ${missing.join(', ')}`;
  }],
  ['mcp_endpoint', 'POST /mcp {} answers 200 with jsonrpc "2.0"', async (base) => {
    const { status, body } = await fetchJson(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (status !== 200) return `status ${status}`;
    return isObject(body) && body.jsonrpc === '2.0' ? null : `body ${JSON.stringify(body).slice(0, 200)}`;
  }],
  ['mode_endpoint_consistency', '/openapi.json lists /reset, /step and /state', async (base) => {
    const { body } = await fetchJson(`${base}/openapi.json`);
    const paths = isObject(body) && isObject(body.paths) ? body.paths : {};
    const present = ['/reset', '/step', '/state'].filter((p) => p in paths);
    return present.length === 3 || present.length === 0 ? null : `only ${present.join(', ') || 'none'} of /reset, /step, /state`;
  }],
  ['reset_empty_body', 'POST /reset {} answers 200 (the deployment gate)', async (base) => {
    const { status, body } = await fetchJson(`${base}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (status !== 200) return `status ${status}: ${JSON.stringify(body).slice(0, 200)}`;
    return isObject(body) && isObject(body.observation) && typeof body.done === 'boolean' ? null : 'no observation/done in the reply';
  }],
];

/** Runs every probe against `baseUrl`; a probe that cannot connect reports the error instead of throwing. */
export async function validateRuntime(baseUrl: string): Promise<RuntimeCheck[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const results: RuntimeCheck[] = [];
  for (const [id, name, probe] of PROBES) {
    try {
      const problem = await probe(base);
      results.push({ id, name, ok: problem === null, detail: problem ?? 'ok' });
    } catch (err) {
      results.push({ id, name, ok: false, detail: `request failed: ${(err as Error).message}` });
    }
  }
  return results;
}

/** Laid out like `openenv validate --url`'s text report: PASS/FAIL per criterion id, then the verdict. */
export function formatRuntimeChecks(baseUrl: string, checks: RuntimeCheck[]): string {
  const lines = [`Runtime checks of ${baseUrl} (the criteria of \`openenv validate --url\`, plus the deployment gate)`];
  for (const c of checks) {
    lines.push(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.id}: ${c.name}`);
    if (!c.ok) lines.push(`          ${c.detail}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? `Verdict: PASS (all ${checks.length} criteria)` : `Verdict: FAIL (${failed} of ${checks.length} criteria failed)`);
  return lines.join('\n');
}
