// `openenv-ts serve`: starts the server on PORT/HOST with the settings from the environment and stops gracefully on signals.
import type { Environment } from '../../runtime/environment.js';
import { DEFAULT_SHUTDOWN_GRACE_MS, closeGracefully } from '../../server/graceful-shutdown.js';
import { portFrom, serve } from '../../server/serve.js';
import { envFlag, positiveNumberFrom, secondsToMs } from './env-settings.js';

/** Starts serving; the process then runs until SIGINT or SIGTERM. */
export async function serveCommand(env: Environment): Promise<void> {
  const port = portFrom(process.env.PORT);
  const host = process.env.HOST || '0.0.0.0';
  const server = await serve(env, {
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
  });
  const graceMs = secondsToMs(positiveNumberFrom('OPENENV_SHUTDOWN_GRACE_S')) ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
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
