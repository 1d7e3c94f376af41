// OpenEnv's Task API: /list_environments and /{env}/splits, tasks, num_tasks, task, task_range over every task and level.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Environment } from '../runtime/environment.js';
import { OpenEnvError } from '../contract/errors.js';
import { resolveScenario } from '../runtime/scenario-address.js';
import type { TaskIndex, IndexedScenario } from '../runtime/task-index.js';
import { summarizeDetail, validationDetail } from '../contract/validation-detail.js';
import { bodyError } from './http-routes.js';

/** Specs `POST /{env}/tasks` lists; `num_tasks` always gives the full count. */
export const TASK_LIST_LIMIT = 32;
/** Largest slice `POST /{env}/task_range` answers (each spec generates a scenario to digest it). */
export const TASK_RANGE_LIMIT = 256;
/** Digests kept, so listing the same specs again costs nothing. */
const DIGEST_CACHE_SIZE = 4096;

const splitBody = z.looseObject({ split: z.string().min(1).max(32) });
const taskBody = z.looseObject({ split: z.string().min(1).max(32), index: z.number().int() });
const rangeBody = z.looseObject({ split: z.string().min(1).max(32), start: z.number().int().nullable().optional(), stop: z.number().int().nullable().optional() });

function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  if (request.bodyProblem !== null) throw bodyError(request.bodyProblem);
  const input = request.body ?? {};
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = validationDetail(parsed.error, input, ['body']);
  throw new OpenEnvError('INVALID_REQUEST', `Invalid Task API request: ${summarizeDetail(detail)}`, { errors: detail });
}

/** Python's slice bounds for a sequence of length n (step 1). */
export function sliceBounds(n: number, start: number | null | undefined, stop: number | null | undefined): [number, number] {
  const clamp = (value: number | null | undefined, fallback: number) => {
    if (value === null || value === undefined) return fallback;
    return value < 0 ? Math.max(0, n + value) : Math.min(n, value);
  };
  const from = clamp(start, 0);
  return [from, Math.max(from, clamp(stop, n))];
}

export function registerTaskApiRoutes(app: FastifyInstance, deps: { env: Environment; index: TaskIndex }, routes: Map<string, Set<string>>): void {
  const { env, index } = deps;
  const name = env.loaded.manifest.name;
  const digests = new Map<string, string>();

  const checkEnv = (request: FastifyRequest) => {
    const asked = (request.params as { env?: string }).env ?? '';
    if (asked.toLowerCase() !== name.toLowerCase()) {
      throw new OpenEnvError('TASK_API_UNKNOWN_ENV', `Unknown environment "${asked.slice(0, 80)}"; this server hosts "${name}"`, { environments: [name] });
    }
  };

  /** A task spec: where the scenario is, how to reset to it, and its content digest. */
  const spec = async (at: IndexedScenario) => {
    const key = `${at.task.metadata.id}/${at.level}/${at.split}/${at.taskIndex}`;
    let digest = digests.get(key);
    if (!digest) {
      const resolved = await resolveScenario(at.task, { split: at.split, level: at.level, index: at.taskIndex });
      at.task.plugin.dispose?.(resolved.scenario);
      digest = resolved.digest;
      digests.set(key, digest);
      if (digests.size > DIGEST_CACHE_SIZE) digests.delete(digests.keys().next().value!);
    }
    return {
      id: `${at.split}/${at.index}`,
      index: at.index,
      split: at.split,
      task: at.task.metadata.id,
      title: at.task.metadata.title,
      difficulty: at.task.metadata.difficulty,
      level: at.level,
      level_number: at.levelNumber,
      task_index: at.taskIndex,
      max_steps: at.task.metadata.maxSteps,
      scenario_digest: digest,
      reset: { split: at.split, index: at.index },
    };
  };

  const specs = async (split: ReturnType<TaskIndex['split']>, from: number, to: number) => {
    const out = [];
    for (let i = from; i < to; i++) out.push(await spec(index.at(split, i)));
    return out;
  };

  const route = (method: 'GET' | 'POST', path: string, handler: (request: FastifyRequest) => Promise<unknown>) => {
    app.route({ method, url: path, handler });
    if (!routes.has(path)) routes.set(path, new Set());
    routes.get(path)!.add(method);
  };

  route('GET', '/list_environments', async () => [name]);

  route('GET', '/:env/splits', async (request) => {
    checkEnv(request);
    return index.splits().map((split) => ({ name: split, type: split }));
  });

  route('POST', '/:env/num_tasks', async (request) => {
    checkEnv(request);
    return { num_tasks: index.count(index.split(parseBody(splitBody, request).split)) };
  });

  route('POST', '/:env/tasks', async (request) => {
    checkEnv(request);
    const split = index.split(parseBody(splitBody, request).split);
    const total = index.count(split);
    const shown = Math.min(total, TASK_LIST_LIMIT);
    return { tasks: await specs(split, 0, shown), env_name: name, num_tasks: total, truncated: shown < total };
  });

  route('POST', '/:env/task', async (request) => {
    checkEnv(request);
    const body = parseBody(taskBody, request);
    return { task: await spec(index.at(index.split(body.split), body.index)) };
  });

  route('POST', '/:env/task_range', async (request) => {
    checkEnv(request);
    const body = parseBody(rangeBody, request);
    const split = index.split(body.split);
    const [from, to] = sliceBounds(index.count(split), body.start, body.stop);
    if (to - from > TASK_RANGE_LIMIT) {
      throw new OpenEnvError('TASK_API_BAD_INDEX', `task_range asks for ${to - from} specs; ask for at most ${TASK_RANGE_LIMIT} at a time (num_tasks is ${index.count(split)})`, { num_tasks: index.count(split) });
    }
    return { tasks: await specs(split, from, to) };
  });
}
