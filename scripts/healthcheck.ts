// Container health probe: exits 0 when GET /health on this machine's PORT answers {"status":"healthy"}.

/** The URL probed: the server listens on PORT (default 8000) on every interface, so loopback reaches it. */
function healthUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = env.PORT && env.PORT.trim() !== '' ? env.PORT.trim() : '8000';
  return `http://127.0.0.1:${port}/health`;
}

/** Returns null when healthy, else why not. */
async function probe(url: string, timeoutMs = 4000): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) return `${url} answered HTTP ${response.status}`;
    const body = (await response.json()) as { status?: unknown };
    return body.status === 'healthy' ? null : `${url} answered status ${JSON.stringify(body.status)}`;
  } catch (err) {
    return `${url} did not answer: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const problem = await probe(healthUrl());
if (problem) {
  process.stderr.write(`healthcheck: ${problem}\n`);
  process.exit(1);
}
process.exit(0);
