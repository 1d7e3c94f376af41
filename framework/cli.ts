#!/usr/bin/env node
// Command-line entry point: `serve` (default) starts the server; `tasks` lists the tasks the manifest loads.
import 'reflect-metadata';
import { createEnvironment } from './environment.js';
import { OpenEnvError } from './errors.js';
import { portFrom, serve } from './serve.js';

const USAGE = `usage: openenv-ts <command>

commands:
  serve     start the OpenEnv server (default); env: PORT (8000), HOST (0.0.0.0), OPENENV_TASK,
            OPENENV_MANIFEST (./openenv.plugins.json), OPENENV_MAX_SESSIONS and
            OPENENV_IDLE_TIMEOUT_S (override the manifest's WebSocket capacity and idle timeout), LOG_LEVEL
  tasks     list the tasks the manifest loads, as JSON lines
  help      show this text`;

/** An optional positive number from the environment; a bad value stops start-up naming the variable. */
function positiveNumberFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'serve' && command !== 'tasks') {
    process.stderr.write(`openenv-ts: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const env = await createEnvironment();
  if (command === 'tasks') {
    for (const task of env.registry.list()) {
      const { id, title, difficulty, maxSteps } = task.metadata;
      process.stdout.write(`${JSON.stringify({ id, title, difficulty, max_steps: maxSteps, source: task.source, default: id === env.defaultTask })}\n`);
    }
    return 0;
  }
  const port = portFrom(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const server = await serve(env, {
    port,
    host,
    logLevel: process.env.LOG_LEVEL,
    maxWebSocketSessions: positiveNumberFrom('OPENENV_MAX_SESSIONS'),
    idleTimeoutMs: seconds(positiveNumberFrom('OPENENV_IDLE_TIMEOUT_S')),
  });
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(
    `openenv-ts: "${env.loaded.manifest.name}" listening on http://${host}:${actualPort} with tasks ${env.registry.ids().join(', ')} (default: ${env.defaultTask})\n`,
  );
  const shutdown = () => {
    server.app.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof OpenEnvError ? `${err.code}: ${err.message}\n  hint: ${err.hint}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`openenv-ts: cannot start: ${message}\n`);
    process.exitCode = 1;
  },
);
