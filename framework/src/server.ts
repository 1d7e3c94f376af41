// `openenv-ts/server`: build the environment from a manifest and serve it over HTTP, WebSocket and MCP (fastify).
import 'reflect-metadata';

export { createEnvironment, type Environment, type EnvironmentOptions } from './runtime/environment.js';
export { buildServer, DEFAULT_BODY_LIMIT_BYTES, type BuiltServer, type ServerOptions } from './server/app.js';
export { DEFAULT_PORT, portFrom, serve, type ListenOptions } from './server/serve.js';
export { closeGracefully, DEFAULT_SHUTDOWN_GRACE_MS } from './server/graceful-shutdown.js';
export { TaskCatalog, toJsonSchema, type JsonSchema, type TaskSchemas } from './server/task-catalog.js';
export { sliceBounds, TASK_LIST_LIMIT, TASK_RANGE_LIMIT } from './server/task-api-routes.js';
export { BUDGET_EXCEEDED, MAX_TRAJECTORY_RECORDS } from './server/session-telemetry.js';
export { TaskIndex } from './runtime/task-index.js';
export { MAX_WORKERS, serveWithWorkers, workerCountFrom, type WorkersOptions } from './scale/serve-workers.js';
export { ownerOf, routedPath, routeHttp, routeUpgrade, sessionIdPrefix, type Route } from './scale/session-routing.js';
