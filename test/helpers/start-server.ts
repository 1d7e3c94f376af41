// Starts the real server on a free loopback port for a test, from a manifest, and stops it afterwards.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnvironment, type Environment } from 'openenv-ts';
import { serve } from 'openenv-ts/server';
import type { BuiltServer, ServerOptions } from 'openenv-ts/server';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MANIFEST = path.join(ROOT, 'openenv.plugins.json');
/** Only the echo example task: what the framework's contract tests run against. */
export const ECHO_MANIFEST = path.join(ROOT, 'test', 'fixtures', 'echo', 'openenv.plugins.json');

export function fixtureManifest(name: string): string {
  return path.join(ROOT, 'test', 'fixtures', name, 'openenv.plugins.json');
}

export interface RunningServer extends BuiltServer {
  url: string;
  wsUrl: string;
  env: Environment;
  close(): Promise<void>;
}

export async function startServer(
  options: ServerOptions & { manifestPath?: string; processEnv?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const env = await createEnvironment({ manifestPath: options.manifestPath ?? DEFAULT_MANIFEST, env: options.processEnv ?? {} });
  const server = await serve(env, { ...options, port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no address');
  const url = `http://127.0.0.1:${address.port}`;
  return { ...server, url, wsUrl: `ws://127.0.0.1:${address.port}/ws`, env, close: () => server.app.close() };
}

/** fetch with JSON in and out; returns status, headers and the parsed body. */
export async function call(
  url: string,
  options: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: options.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // leave as text: tests assert on JSON-ness where it matters
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Polls until `check` returns true (server-side socket bookkeeping lags the client by a few ms). */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
