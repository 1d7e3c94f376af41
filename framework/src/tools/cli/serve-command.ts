// `openenv-ts serve`: starts the server on PORT/HOST with the settings from the environment and stops gracefully on signals.
import { parseArgs } from 'node:util';
import type { Environment } from '../../runtime/environment.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, closeGracefully } from '../../server/graceful-shutdown.js';
import { portFrom, serve } from '../../server/serve.js';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_KEEP_ALIVE_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../server/app.js';
import { serveWithWorkers, workerCountFrom } from '../../scale/serve-workers.js';
import { sessionIdPrefix } from '../../scale/session-routing.js';
import { WORKER_INDEX_VARIABLE } from '../../scale/worker-messages.js';
import { reportToSupervisor } from '../../scale/worker-supervisor.js';
import { envFlag, positiveNumberFrom, secondsToMs } from './env-settings.js';

/** How many server processes `serve` runs: --workers N, else OPENENV_WORKERS, else 1. */
export function workersRequested(args: string[]): number {
  const { values } = parseArgs({ args, options: { workers: { type: 'string' } }, strict: true });
  return values.workers !== undefined ? workerCountFrom(values.workers, '--workers') : workerCountFrom(process.env.OPENENV_WORKERS, 'OPENENV_WORKERS');
}

/** Starts the router and N worker processes (`serve --workers N`); runs until SIGINT or SIGTERM. */
export async function serveWorkersCommand(workers: number): Promise<void> {
  await serveWithWorkers({
    workers,
    cliPath: process.argv[1]!,
    port: portFrom(process.env.PORT),
    host: process.env.HOST || '0.0.0.0',
    graceMs: secondsToMs(positiveNumberFrom('OPENENV_SHUTDOWN_GRACE_S')) ?? DEFAULT_SHUTDOWN_GRACE_MS,
    requestTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_REQUEST_TIMEOUT_S')) ?? DEFAULT_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_HEADERS_TIMEOUT_S')) ?? DEFAULT_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_KEEP_ALIVE_TIMEOUT_S')) ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  });
}

/** Starts serving in this process; the process then runs until SIGINT or SIGTERM. */
export async function serveCommand(env: Environment): Promise<void> {
  const port = portFrom(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  // Set by the supervisor of `serve --workers`: this process is worker n behind the router.
  const workerIndex = process.env[WORKER_INDEX_VARIABLE];
  const server = await serve(env, {
    ...(workerIndex !== undefined ? { sessionIdPrefix: sessionIdPrefix(Number(workerIndex)), metricsLabels: { worker: workerIndex } } : {}),
    port,
    host,
    logLevel: process.env.LOG_LEVEL,
    webInterface: envFlag('ENABLE_WEB_INTERFACE', true),
    replayGrading: envFlag('OPENENV_GRADER_REPLAY', false),
    orchestratorToken: process.env.OPENENV_ORCHESTRATOR_TOKEN ?? null,
    validationToken: process.env.OPENENV_VALIDATION_TOKEN ?? null,
    defaultSession: envFlag('OPENENV_DEFAULT_SESSION', undefined),
    maxWebSocketSessions: positiveNumberFrom('OPENENV_MAX_SESSIONS'),
    idleTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_IDLE_TIMEOUT_S')),
    stepTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_STEP_TIMEOUT_S')),
    requestTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_REQUEST_TIMEOUT_S')),
    headersTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_HEADERS_TIMEOUT_S')),
    keepAliveTimeoutMs: secondsToMs(positiveNumberFrom('OPENENV_KEEP_ALIVE_TIMEOUT_S')),
    recording: { recordAll: envFlag('OPENENV_RECORD', false), dir: process.env.OPENENV_RECORD_DIR || null },
  });
  const graceMs = secondsToMs(positiveNumberFrom('OPENENV_SHUTDOWN_GRACE_S')) ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  if (workerIndex !== undefined) reportToSupervisor(actualPort, () => server.metrics.registry.getMetricsAsJSON());
  process.stdout.write(
    `openenv-ts: "${env.loaded.manifest.name}" listening on http://${host}:${actualPort} with tasks ${env.registry.ids().join(', ')} (default: ${env.defaultTask})\n`,
  );
  const shutdown = () => {
    // A second line of defence: whatever closeGracefully waits on, the process is gone shortly after the grace period.
    setTimeout(() => process.exit(0), graceMs + 2000).unref();
    closeGracefully(server.app, server.drain, graceMs).finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
