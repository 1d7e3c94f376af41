// Where the environment comes from: the embedded server, a running server at ENV_BASE_URL, or a LOCAL_IMAGE_NAME Docker container.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpenEnvHttpClient } from '../client.js';
import type { BaselineConfig } from './config.js';
import { note, oneLine } from './log-format.js';
import { sleep } from './sleep.js';

/** A reachable environment server and how to let go of it at the end of the run. */
export interface EnvHandle {
  readonly baseUrl: string;
  /** Every server of the run (ENV_BASE_URL may name several); baseUrl is the first. */
  readonly baseUrls?: readonly string[];
  readonly label: string;
  close(): Promise<void>;
}

/**
 * The project root: the folder holding dist/ when compiled, else the repository root. This module sits one
 * level down (baseline/ or dist/baseline/), so the root is found from its parent folder.
 */
function projectRoot(): string {
  const parent = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  return path.basename(parent) === 'dist' ? path.dirname(parent) : parent;
}

async function startEmbedded(): Promise<EnvHandle> {
  const { createEnvironment, serve } = await import('openenv-ts/server');
  const { MANIFEST_FILE } = await import('openenv-ts');
  // The server's own default (OPENENV_MANIFEST, else ./openenv.plugins.json) when it can work; run from
  // another folder without OPENENV_MANIFEST, the baseline still finds this project's manifest.
  let manifestPath: string | undefined;
  if (!process.env.OPENENV_MANIFEST && !existsSync(path.resolve(MANIFEST_FILE))) {
    manifestPath = path.join(projectRoot(), MANIFEST_FILE);
  }
  // OPENENV_TASK here is the baseline's task list, not the server's default task: keep it from the server.
  const env = await createEnvironment({ manifestPath, env: { ...process.env, OPENENV_TASK: undefined } });
  const server = await serve(env, { port: 0, host: '127.0.0.1' });
  return { baseUrl: server.url, label: `embedded server (${env.loaded.file})`, close: () => server.app.close() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError: Error | null;
}

function runCommand(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let spawnError: Error | null = null;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, spawnError });
    });
  });
}

async function waitHealthy(baseUrl: string, timeoutMs: number, stop: AbortSignal): Promise<boolean> {
  const client = new OpenEnvHttpClient(baseUrl, { timeoutMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stop.aborted) {
    try {
      if ((await client.health()).status === 'healthy') return true;
    } catch {
      // not up yet
    }
    await sleep(500, stop);
  }
  return false;
}

async function startDocker(image: string, config: BaselineConfig, stop: AbortSignal): Promise<EnvHandle> {
  const port = await freePort();
  const args = ['run', '-d', '--rm', '-p', `${port}:8000`, image];
  note(`starting docker ${args.join(' ')}`);
  const started = await runCommand('docker', args, Math.min(300_000, config.budgetMs));
  if (started.spawnError) throw new Error(`cannot run docker (${started.spawnError.message}); is Docker installed and on PATH?`);
  if (started.code !== 0) throw new Error(`docker run ${image} failed with exit code ${started.code}: ${oneLine(started.stderr || started.stdout)}`);
  const container = started.stdout.trim().split(/\s+/).pop() ?? '';
  if (!container) throw new Error(`docker run ${image} printed no container id`);
  const remove = async () => {
    const removed = await runCommand('docker', ['rm', '-f', container], 30_000);
    if (removed.code !== 0) note(`docker rm -f ${container} failed: ${oneLine(removed.stderr)}`);
    else note(`removed container ${container.slice(0, 12)}`);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  if (!(await waitHealthy(baseUrl, config.dockerHealthTimeoutMs, stop))) {
    const logs = await runCommand('docker', ['logs', '--tail', '30', container], 10_000);
    note(`container ${container.slice(0, 12)} logs:\n${logs.stdout}${logs.stderr}`);
    await remove();
    throw new Error(`container of ${image} did not answer GET ${baseUrl}/health within ${config.dockerHealthTimeoutMs / 1000} s`);
  }
  return { baseUrl, label: `docker image ${image} (container ${container.slice(0, 12)}, port ${port})`, close: remove };
}

/** The environment of the run: ENV_BASE_URL, else LOCAL_IMAGE_NAME (falling back to embedded), else the embedded server; null if none starts. */
export async function startEnvironment(config: BaselineConfig, stop: AbortSignal): Promise<EnvHandle | null> {
  if (config.envBaseUrl) {
    if (config.localImage) note('both ENV_BASE_URL and LOCAL_IMAGE_NAME are set; using ENV_BASE_URL');
    const baseUrls = config.envBaseUrls.map((url) => url.replace(/\/+$/, ''));
    return { baseUrl: baseUrls[0]!, baseUrls, label: config.envBaseUrl, close: async () => undefined };
  }
  if (config.localImage) {
    try {
      return await startDocker(config.localImage, config, stop);
    } catch (err) {
      note(`LOCAL_IMAGE_NAME: ${(err as Error).message}`);
      if (!config.dockerFallback) return null;
      note('falling back to the embedded server (set BASELINE_DOCKER_FALLBACK=0 to disable)');
    }
  }
  try {
    return await startEmbedded();
  } catch (err) {
    note(`cannot start the embedded server: ${oneLine((err as Error).message)}`);
    return null;
  }
}
