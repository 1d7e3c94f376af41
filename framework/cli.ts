#!/usr/bin/env node
// Command-line entry point: `serve` (default) starts the server; `tasks` lists the tasks the manifest loads.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { createEnvironment, type Environment } from './environment.js';
import { DEFAULT_AUDIT_THRESHOLDS, auditTask, formatAudit } from './grader-audit.js';
import { OpenEnvError } from './errors.js';
import { formatRuntimeChecks, validateRuntime } from './runtime-validator.js';
import { portFrom, serve } from './serve.js';

const USAGE = `usage: openenv-ts <command>

commands:
  serve     start the OpenEnv server (default); env: PORT (8000), HOST (0.0.0.0), OPENENV_TASK,
            OPENENV_MANIFEST (./openenv.plugins.json), OPENENV_MAX_SESSIONS and
            OPENENV_IDLE_TIMEOUT_S (override the manifest's WebSocket capacity and idle timeout),
            OPENENV_STEP_TIMEOUT_S (60: a step past it abandons its episode),
            ENABLE_WEB_INTERFACE (true: serve the play page at /web), OPENENV_GRADER_REPLAY
            (false: POST /grader replays of task + seed + actions are an answer oracle; turn on only
            where agents cannot reach the server), OPENENV_ORCHESTRATOR_TOKEN (none: when set,
            reset, state, grading, /ws and the play page need it, as /orchestrator/<token>/... or
            Authorization: Bearer), OPENENV_DEFAULT_SESSION (the manifest's sessions.default_session:
            false refuses header-less step and state), LOG_LEVEL
  tasks     list the tasks the manifest loads, as JSON lines
  audit     run every task's reference solver and trivial policies over seeds and flag exploitable
            graders; options: --seeds N (20), --task ID (repeatable), --json; exit 1 on a problem
  validate-url URL
            check a running server or Space with the six criteria of \`openenv validate --url\`
            (same ids), plus the deployment gate POST /reset {}; prints PASS/FAIL per criterion
            and a verdict; exit 0 pass, 1 fail, 2 bad arguments
  help      show this text`;

/** An optional positive number from the environment; a bad value stops start-up naming the variable. */
function positiveNumberFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function secondsToMs(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

/** A boolean switch from the environment; unset means the fallback, and anything but a clear yes or no stops start-up. */
function envFlag(name: string, fallback: boolean): boolean;
function envFlag(name: string, fallback: undefined): boolean | undefined;
function envFlag(name: string, fallback: boolean | undefined): boolean | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

async function audit(env: Environment, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { seeds: { type: 'string', default: '20' }, task: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } },
  });
  const seeds = Number(values.seeds);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds must be a positive integer, got "${values.seeds}"`);
  const tasks = (values.task ?? env.registry.ids()).map((id) => env.registry.get(id));
  const audits = [];
  for (const task of tasks) {
    process.stderr.write(`auditing ${task.metadata.id} over ${seeds} seeds...\n`);
    audits.push(await auditTask(task, seeds, DEFAULT_AUDIT_THRESHOLDS, env.policy));
  }
  process.stdout.write(values.json ? `${JSON.stringify(audits, null, 2)}\n` : `${formatAudit(audits)}\n`);
  return audits.some((a) => a.problems.length > 0) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'serve';
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'validate-url') {
    const url = argv[1];
    if (!url || !/^https?:\/\//.test(url)) {
      process.stderr.write(`openenv-ts: validate-url needs an http(s) URL\n${USAGE}\n`);
      return 2;
    }
    const checks = await validateRuntime(url);
    process.stdout.write(`${formatRuntimeChecks(url, checks)}\n`);
    return checks.every((c) => c.ok) ? 0 : 1;
  }
  if (command !== 'serve' && command !== 'tasks' && command !== 'audit') {
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
  if (command === 'audit') return audit(env, argv.slice(1));
  const port = portFrom(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const server = await serve(env, {
    port,
    host,
    logLevel: process.env.LOG_LEVEL,
    webInterface: envFlag('ENABLE_WEB_INTERFACE', true),
    replayGrading: envFlag('OPENENV_GRADER_REPLAY', false),
    orchestratorToken: process.env.OPENENV_ORCHESTRATOR_TOKEN ?? null,
    defaultSession: envFlag('OPENENV_DEFAULT_SESSION', undefined),
    maxWebSocketSessions: positiveNumberFrom('OPENENV_MAX_SESSIONS'),
    idleTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_IDLE_TIMEOUT_S')),
    stepTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_STEP_TIMEOUT_S')),
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

// `openenv-ts tasks | head -1` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

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
