// `openenv-ts/client`: the HTTP and WebSocket clients of an OpenEnv server, for trainers and agents; loads no server code.
export {
  OpenEnvHttpClient,
  OpenEnvHttpError,
  SESSION_HEADER_NAME,
  type EnvMetadata,
  type GradeReport,
  type GraderRequest,
  type HttpClientOptions,
  type JsonSchemaObject,
  type SchemaResponse,
  type TaskInfo,
  type TaskList,
  type ValidationProblem,
} from './client/http-client.js';
export { OpenEnvWsClient, OpenEnvWsError, webSocketUrlOf, type WsClientOptions } from './client/ws-client.js';
export type { EpisodeStateView, ResetRequest, StepResponse } from './client/client-types.js';
export { PooledHttpSession, PooledWsSession, retryDelayOf, ServerPool, type ServerPoolOptions } from './client/server-pool.js';
