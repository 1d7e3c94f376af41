// What the run covers: the tasks to play (from GET /tasks or OPENENV_TASK), their score bounds and the benchmark name.
import { OpenEnvHttpClient, type TaskInfo } from '../client.js';
import type { BaselineConfig } from './config.js';
import type { EnvHandle } from './environment-source.js';
import { FALLBACK_BOUNDS, note, oneLine } from './log-format.js';

/** One task of the run. */
export interface TaskSpec {
  /** The name printed in [START] (the task id, or "default" when the server cannot list its tasks). */
  readonly name: string;
  /** The task kwarg sent with reset; null = the server's default task. */
  readonly resetTask: string | null;
  readonly info: TaskInfo | null;
}

/** Asks each server of the run in turn (ENV_BASE_URL may name several) until one answers. */
async function fromAnyServer<T>(env: EnvHandle, config: BaselineConfig, ask: (client: OpenEnvHttpClient) => Promise<T>): Promise<T> {
  let lastError: unknown = null;
  for (const url of env.baseUrls ?? [env.baseUrl]) {
    try {
      return await ask(new OpenEnvHttpClient(url, { timeoutMs: config.envTimeoutMs }));
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** The tasks to run: every listed task (or those OPENENV_TASK names), or placeholders if none can be listed. */
export async function planTasks(config: BaselineConfig, env: EnvHandle | null): Promise<{ specs: TaskSpec[]; bounds: { min: number; max: number }; unknown: string[]; known: string[] }> {
  const placeholder = (): TaskSpec[] => (config.tasks ?? ['default']).map((name) => ({ name, resetTask: config.tasks ? name : null, info: null }));
  if (!env) return { specs: placeholder(), bounds: FALLBACK_BOUNDS, unknown: [], known: [] };
  try {
    const list = await fromAnyServer(env, config, (client) => client.tasks());
    const byId = new Map(list.tasks.map((t) => [t.id, t]));
    const wanted = config.tasks ?? list.tasks.map((t) => t.id);
    const unknown = wanted.filter((id) => !byId.has(id));
    return {
      specs: wanted.map((id) => ({ name: id, resetTask: id, info: byId.get(id) ?? null })),
      bounds: list.score_bounds ?? FALLBACK_BOUNDS,
      unknown,
      known: [...byId.keys()],
    };
  } catch (err) {
    note(`GET /tasks failed (${oneLine((err as Error).message)}); running ${config.tasks ? config.tasks.join(', ') : "the server's default task"} only`);
    return { specs: placeholder(), bounds: FALLBACK_BOUNDS, unknown: [], known: [] };
  }
}

/** The env= field: OPENENV_BENCHMARK, else the server's /metadata name, else "openenv". */
export async function benchmarkName(config: BaselineConfig, env: EnvHandle | null): Promise<string> {
  if (config.benchmark) return config.benchmark;
  if (env) {
    try {
      return (await fromAnyServer(env, config, (client) => client.metadata())).name;
    } catch {
      // fall through
    }
  }
  return 'openenv';
}
