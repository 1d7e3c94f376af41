// `openenv-ts collect`: plays N episodes of a task with the reference solver or the baseline model and writes results.jsonl, trajectories.jsonl and metadata.json.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../agent/config.js';
import { Model, type Message } from '../agent/model.js';
import { repairPrompt, systemPrompt, userPrompt, type HistoryEntry } from '../agent/prompts.js';
import { buildActionValidator, readReply } from '../agent/reply-parsing.js';
import type { Environment } from '../runtime/environment.js';
import { Episode } from '../runtime/episode.js';
import type { WireObservation } from '../runtime/episode-types.js';
import { OpenEnvError } from '../contract/errors.js';
import { planScenario } from '../runtime/scenario-address.js';
import type { TaskInfo } from '../client/http-client.js';
import { TaskCatalog } from '../server/task-catalog.js';
import type { RegisteredTask } from '../runtime/task-registry.js';
import { frameworkVersion } from './framework-version.js';
import { METADATA_FILE, RESULTS_FILE, TRAJECTORIES_FILE, toOpenEnvResult } from './export.js';
import { TrajectoryDraft } from './recorder.js';
import type { TrajectoryRecord } from './trajectory-record.js';

export type CollectPolicy = 'reference' | 'baseline';

export interface CollectOptions {
  readonly task: string;
  readonly count: number;
  readonly out: string;
  readonly level?: string | number;
  readonly split?: string;
  readonly policy: CollectPolicy;
  /** First catalogue index played (episode i plays index start + i). Default 0. */
  readonly start?: number;
  /** The environment variables the baseline model reads (API_BASE_URL, MODEL_NAME, HF_TOKEN, ...). */
  readonly modelEnv?: NodeJS.ProcessEnv;
  /** Where the progress bar goes (default stderr). */
  readonly progress?: NodeJS.WritableStream;
}

/** Chooses one action for the current observation, or null to stop playing. */
type Actor = (observation: WireObservation, step: number) => Promise<unknown | null>;

/** The reference solver: the plugin's known-good actions for this scenario, in order. */
async function referenceActor(task: RegisteredTask, episode: Episode): Promise<Actor> {
  const actions = await task.plugin.solve(episode.address.scenario);
  let next = 0;
  return async () => (next < actions.length ? actions[next++] : null);
}

/**
 * The baseline model, asked as inference.ts asks it: the same system and user prompts, the same reply parsing
 * and one repair request for a reply that is not a valid action.
 */
function baselineActor(info: TaskInfo, model: Model, historyTurns: number, timeoutMs: number): Actor {
  const validate = buildActionValidator(info.action_schema);
  const system = systemPrompt({ name: info.id, resetTask: info.id, info }, info.action_schema);
  const history: HistoryEntry[] = [];
  const stop = new AbortController().signal;
  return async (observation, step) => {
    // The outcome of the previous action, as the baseline's history shows it.
    const previous = history[history.length - 1];
    if (previous && previous.step === step - 1) {
      previous.error = observation.last_action_error;
      previous.feedback = observation.feedback;
    }
    const recent = historyTurns > 0 ? history.slice(-historyTurns) : [];
    const messages: Message[] = [{ role: 'system', content: system }, { role: 'user', content: userPrompt(observation, recent, step, info.max_steps) }];
    for (let attempt = 0; attempt < 2; attempt++) {
      const reply = await model.complete(messages, Date.now() + timeoutMs, stop);
      if (!reply.ok) return null;
      const read = readReply(reply.text, validate);
      if ('action' in read) {
        history.push({ step, action: JSON.stringify(read.action), error: null, feedback: null });
        return read.action;
      }
      messages.push({ role: 'assistant', content: reply.text }, { role: 'user', content: repairPrompt(read.problem) });
    }
    return null;
  };
}

/** Plays one episode with an actor and returns its record. */
async function playOne(task: RegisteredTask, episode: Episode, actor: Actor): Promise<TrajectoryRecord> {
  const draft = new TrajectoryDraft(episode, { observation: episode.observation(), reward: null, done: false });
  try {
    let observation = episode.observation();
    // A turn without a valid action still counts, so an actor that never produces one cannot loop forever.
    for (let turn = 1; !episode.done && turn <= task.metadata.maxSteps; turn++) {
      const action = await actor(observation, turn);
      if (action === null) break;
      try {
        const result = await episode.step(action);
        draft.addStep(result);
        observation = result.observation;
      } catch (err) {
        if (!(err instanceof OpenEnvError && err.code === 'INVALID_ACTION')) throw err;
      }
    }
  } finally {
    episode.dispose();
  }
  return draft.finish();
}

/** A one-line progress bar, redrawn in place on a terminal and written once per episode elsewhere. */
function progressLine(done: number, total: number, meanScore: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  return `collect [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} mean score ${meanScore.toFixed(3)}`;
}

export interface CollectSummary {
  readonly episodes: number;
  readonly finished: number;
  readonly meanScore: number;
  readonly files: { results: string; trajectories: string; metadata: string };
}

/** Plays the episodes and writes the dataset; the files are written fresh (an existing dataset is replaced). */
export async function collect(env: Environment, options: CollectOptions): Promise<CollectSummary> {
  const task = env.registry.get(options.task);
  const info = new TaskCatalog(env.policy).describe(task) as unknown as TaskInfo;
  const start = options.start ?? 0;
  // A bad level or split is refused before any file is touched.
  planScenario(task, { split: options.split, level: options.level, index: start });
  let model: Model | null = null;
  let baselineSettings: { modelName: string; apiBaseUrl: string; historyTurns: number; timeoutMs: number } | null = null;
  if (options.policy === 'baseline') {
    const config = readConfig(options.modelEnv ?? process.env);
    model = new Model(config);
    baselineSettings = { modelName: config.modelName, apiBaseUrl: config.apiBaseUrl, historyTurns: config.historyTurns, timeoutMs: config.modelTimeoutMs * (config.modelRetries + 1) };
  }
  mkdirSync(options.out, { recursive: true });
  const files = {
    results: path.join(options.out, RESULTS_FILE),
    trajectories: path.join(options.out, TRAJECTORIES_FILE),
    metadata: path.join(options.out, METADATA_FILE),
  };
  writeFileSync(files.results, '');
  writeFileSync(files.trajectories, '');
  const progress = options.progress ?? process.stderr;
  const tty = (progress as { isTTY?: boolean }).isTTY === true;
  const scores: number[] = [];
  let finished = 0;
  for (let i = 0; i < options.count; i++) {
    const episode = await Episode.start(task, { split: options.split, level: options.level, index: start + i, episodeId: `ep-${String(i).padStart(6, '0')}` }, env.policy);
    const actor = options.policy === 'reference'
      ? await referenceActor(task, episode)
      : baselineActor(info, model!, baselineSettings!.historyTurns, baselineSettings!.timeoutMs);
    const record = await playOne(task, episode, actor);
    if (record.done) finished += 1;
    scores.push(record.score ?? 0);
    appendFileSync(files.results, `${JSON.stringify(toOpenEnvResult(record, info, { policy: options.policy }))}\n`);
    appendFileSync(files.trajectories, `${JSON.stringify(record)}\n`);
    const line = progressLine(i + 1, options.count, scores.reduce((a, b) => a + b, 0) / scores.length);
    progress.write(tty ? `\r${line}` : `${line}\n`);
  }
  if (tty) progress.write('\n');
  const meanScore = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  const metadata = {
    generator: 'openenv-ts collect',
    framework_version: frameworkVersion(),
    environment: env.loaded.manifest.name,
    task_id: task.metadata.id,
    grader_version: task.metadata.graderVersion,
    level: options.level ?? null,
    split: options.split ?? 'train',
    first_index: start,
    num_episodes: options.count,
    num_finished: finished,
    avg_reward: meanScore,
    success_rate: scores.length ? scores.filter((s) => s > 0.5).length / scores.length : 0,
    policy: options.policy,
    model: baselineSettings ? { name: baselineSettings.modelName, api_base_url: baselineSettings.apiBaseUrl } : null,
    score_bounds: env.policy.scoreBounds,
    files: { results: RESULTS_FILE, trajectories: TRAJECTORIES_FILE },
    created_at: new Date().toISOString(),
  };
  writeFileSync(files.metadata, `${JSON.stringify(metadata, null, 2)}\n`);
  return { episodes: options.count, finished, meanScore, files };
}
