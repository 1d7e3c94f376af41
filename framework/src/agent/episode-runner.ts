// One episode of one task: reset, ask the model turn by turn, step the environment, and print the task's block.
import type { StepResponse } from '../client/client-types.js';
import { OpenEnvHttpError, type JsonSchemaObject } from '../client/http-client.js';
import { ServerPool, type PooledHttpSession } from '../client/server-pool.js';
import type { BaselineConfig } from './config.js';
import type { EnvHandle } from './environment-source.js';
import { clip, emit, formatEnd, formatScore, formatStart, formatStep, note, oneLine } from './log-format.js';
import type { Message, Model } from './model.js';
import { repairPrompt, systemPrompt, userPrompt, type HistoryEntry } from './prompts.js';
import { buildActionValidator, readReply, type ActionValidator } from './reply-parsing.js';
import type { TaskSpec } from './task-plan.js';

/** What every episode of the run shares. */
const pools = new WeakMap<EnvHandle, ServerPool>();

/** One pool per environment for the whole run, so episodes spread over its servers; overload refusals are retried. */
function poolOf(env: EnvHandle, config: BaselineConfig): ServerPool {
  let pool = pools.get(env);
  if (!pool) {
    pool = new ServerPool(env.baseUrls ?? [env.baseUrl], { timeoutMs: config.envTimeoutMs, onRetry: (r) => note(`${r.url} refused (${oneLine(r.reason)}); retrying in ${Math.round(r.waitMs)} ms`) });
    pools.set(env, pool);
  }
  return pool;
}

export interface RunContext {
  readonly config: BaselineConfig;
  readonly model: Model;
  readonly env: EnvHandle | null;
  readonly benchmark: string;
  readonly bounds: { min: number; max: number };
  readonly stop: AbortSignal;
}

/** How one turn went: the environment stepped, or why it was not. */
type Turn =
  | { kind: 'stepped'; action: Record<string, unknown>; result: StepResponse }
  | { kind: 'invalid'; shown: string; problem: string; modelDown: boolean }
  | { kind: 'env-failed'; shown: string; error: string }
  | { kind: 'model-failed'; error: string };

/** The printed action of a reply that produced no valid action: its JSON if any, else the quoted text. */
function shownReply(reply: string, parsed: Record<string, unknown> | null): string {
  if (parsed) return JSON.stringify(parsed);
  return JSON.stringify(clip(oneLine(reply), 200));
}

/**
 * One turn: ask the model, check its action and step the environment. A reply that is not a valid action
 * (no JSON, outside the schema locally, or refused by the server with 422) gets one repair request that
 * shows the model the problem.
 */
async function playTurn(
  ctx: RunContext,
  client: PooledHttpSession,
  messages: Message[],
  validate: ActionValidator,
  deadline: number,
  label: string,
): Promise<Turn> {
  let problem = '';
  let shown = 'null';
  for (let attempt = 0; attempt < 2; attempt++) {
    const reply = await ctx.model.complete(messages, deadline, ctx.stop);
    if (!reply.ok) {
      if (attempt === 0) return { kind: 'model-failed', error: reply.error };
      return { kind: 'invalid', shown, problem: `${problem} (the repair request failed: ${reply.error})`, modelDown: true };
    }
    const read = readReply(reply.text, validate);
    if ('action' in read) {
      try {
        return { kind: 'stepped', action: read.action, result: await client.step(read.action) };
      } catch (err) {
        if (!(err instanceof OpenEnvHttpError && err.isValidation)) {
          return { kind: 'env-failed', shown: JSON.stringify(read.action), error: (err as Error).message };
        }
        // The server is the final judge of the schema: its 422 is handled like a local validation error.
        problem = err.serverMessage ?? err.message;
        shown = JSON.stringify(read.action);
      }
    } else {
      problem = read.problem;
      shown = shownReply(reply.text, read.parsed);
    }
    note(`${label}: invalid reply (${attempt === 0 ? 'asking for a repair' : 'after the repair'}): ${clip(problem, 300)}`);
    messages.push({ role: 'assistant', content: clip(reply.text, 4000) }, { role: 'user', content: repairPrompt(problem) });
  }
  return { kind: 'invalid', shown, problem, modelDown: false };
}

/** Runs one episode of a task and prints its block; the [END] line is printed whatever happens. */
export async function runTask(ctx: RunContext, spec: TaskSpec, deadline: number): Promise<void> {
  const { config, stop } = ctx;
  const rewards: number[] = [];
  let started = false;
  let name = spec.name;
  let done = false;
  let finalScore: number | null = null;
  const start = (printed: string) => {
    if (started) return;
    started = true;
    name = printed;
    emit(formatStart(name, ctx.benchmark, config.modelName));
  };
  const logStep = (action: string, reward: number, isDone: boolean, error: string | null) => {
    rewards.push(reward);
    emit(formatStep(rewards.length, action, reward, isDone, error));
  };

  const client = ctx.env ? poolOf(ctx.env, config).httpSession() : null;
  try {
    if (!client) throw new Error('no environment is available');
    if (Date.now() >= deadline || stop.aborted) throw new Error('the time budget is spent; the task was not run');

    let actionSchema: JsonSchemaObject | null = spec.info?.action_schema ?? null;
    if (!actionSchema) {
      try {
        actionSchema = (await client.schema(spec.resetTask ?? undefined)).action;
      } catch (err) {
        note(`${spec.name}: no action schema (${(err as Error).message}); validating on the server only`);
      }
    }
    const validate = buildActionValidator(actionSchema);
    // Dense rewards for the [STEP] lines; the model itself is never shown them (see prompts.ts).
    const reset = await client.reset({ seed: config.seed, reward_mode: 'dense', ...(spec.resetTask ? { task: spec.resetTask } : {}) });
    start(reset.observation?.task_id || spec.name);
    let observation = reset.observation;
    done = reset.done;
    const cap = Math.min(config.maxSteps, spec.info?.max_steps ?? observation?.max_steps ?? config.maxSteps);
    const system = systemPrompt(spec, actionSchema);
    const history: HistoryEntry[] = [];
    note(`${name}: episode started (seed ${config.seed}, up to ${cap} steps, ${Math.round((deadline - Date.now()) / 1000)} s)`);

    while (!done && rewards.length < cap) {
      if (Date.now() >= deadline || stop.aborted) {
        note(`${name}: stopping after ${rewards.length} steps: ${stop.aborted ? 'interrupted' : 'time budget for this task is spent'}`);
        break;
      }
      const recent = config.historyTurns > 0 ? history.slice(-config.historyTurns) : [];
      const messages: Message[] = [
        { role: 'system', content: system },
        { role: 'user', content: userPrompt(observation, recent, rewards.length + 1, cap) },
      ];
      const turn = await playTurn(ctx, client, messages, validate, deadline, `${name}: step ${rewards.length + 1}`);

      if (turn.kind === 'model-failed') {
        note(`${name}: model call failed, ending the episode: ${turn.error}`);
        break;
      }
      if (turn.kind === 'env-failed') {
        // The agent acted and the environment failed (a plugin error, or the server went away): the turn is
        // logged with the error, and the episode ends rather than retrying into a broken environment.
        logStep(turn.shown, 0, false, `environment error: ${turn.error}`);
        note(`${name}: the environment failed on step ${rewards.length}, ending the episode`);
        break;
      }
      if (turn.kind === 'invalid') {
        // No valid action after the repair: the environment is not stepped (it would refuse the action
        // without counting it), but the turn is logged with reward 0 and counts toward the step cap, so
        // a model that keeps producing garbage cannot loop forever.
        const error = `invalid action: ${turn.problem}`;
        logStep(turn.shown, 0, false, error);
        history.push({ step: rewards.length, action: turn.shown, error, feedback: null });
        if (turn.modelDown) break;
        continue;
      }
      const reward = typeof turn.result.reward === 'number' ? turn.result.reward : 0;
      done = turn.result.done === true;
      observation = turn.result.observation;
      const actionText = JSON.stringify(turn.action);
      const error = observation.last_action_error ?? null;
      logStep(actionText, reward, done, error);
      history.push({ step: rewards.length, action: actionText, error, feedback: observation.feedback ?? null });
      if (done && typeof observation.score === 'number') finalScore = observation.score;
    }
  } catch (err) {
    note(`${spec.name}: ${oneLine(err instanceof Error ? err.message : String(err))}`);
  } finally {
    start(spec.name);
    if (finalScore === null && client) finalScore = await scoreOf(client, name);
    const score = formatScore(finalScore, ctx.bounds);
    const success = done && Number(score) >= config.successThreshold;
    emit(formatEnd(success, rewards.length, score, rewards));
    note(`${name}: ${done ? 'done' : 'not finished'}, ${rewards.length} steps, score ${score}`);
  }
}

/** The reported score of an episode that did not finish (or whose final observation had none). */
async function scoreOf(client: PooledHttpSession, name: string): Promise<number | null> {
  if (!client.sessionId) return null;
  try {
    return (await client.grade()).score;
  } catch (err) {
    note(`${name}: POST /grader failed (${oneLine((err as Error).message)})`);
    if (err instanceof OpenEnvHttpError && err.isTransport) return null;
  }
  try {
    const state = await client.state();
    return typeof state.score === 'number' ? state.score : null;
  } catch {
    return null;
  }
}
