// The messages a worker process and its supervisor exchange over the IPC channel of `serve --workers`.

/** A registry's metrics as prom-client's getMetricsAsJSON() gives them (opaque here; AggregatorRegistry.aggregate reads them). */
export type MetricsJson = object[];

/** Worker -> supervisor: the worker's server is listening on this loopback port. */
export interface ListeningMessage {
  readonly type: 'openenv:listening';
  readonly port: number;
}

/** Supervisor -> worker: send your metrics (the router aggregates them for GET /metrics). */
export interface MetricsRequest {
  readonly type: 'openenv:metrics?';
  readonly id: number;
}

/** Worker -> supervisor: the answer to a MetricsRequest, prom-client's JSON form. */
export interface MetricsReply {
  readonly type: 'openenv:metrics';
  readonly id: number;
  readonly metrics: MetricsJson;
}

export type WorkerMessage = ListeningMessage | MetricsReply;

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'openenv:listening' || type === 'openenv:metrics';
}

export function isMetricsRequest(value: unknown): value is MetricsRequest {
  return (value as { type?: unknown } | null)?.type === 'openenv:metrics?';
}

/** Environment variables the supervisor sets on each worker. */
export const WORKER_INDEX_VARIABLE = 'OPENENV_WORKER_INDEX';
