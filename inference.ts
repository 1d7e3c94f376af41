// The baseline agent: plays every task of an OpenEnv environment with an OpenAI-compatible model and prints the [START]/[STEP]/[END] log.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import net from 'node:net';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { z } from 'zod';
import {
  OpenEnvHttpClient,
  OpenEnvHttpError,
  type JsonSchemaObject,
  type StepResponse,
  type TaskInfo,
} from './framework/client.js';

// ---------------------------------------------------------------------------------------------------------
// Configuration (environment variables only; see docs/baseline.md)
// ---------------------------------------------------------------------------------------------------------

export const DEFAULT_API_BASE_URL = 'https://router.huggingface.co/v1';
export const DEFAULT_MODEL_NAME = 'Qwen/Qwen2.5-72B-Instruct';
/** Printed when nothing better is known; the lower end of the framework's default score bounds. */
const FALLBACK_BOUNDS = { min: 0.001, max: 0.999 };

export class UsageError extends Error {}

export interface BaselineConfig {
  readonly apiBaseUrl: string;
  readonly modelName: string;
  readonly apiKey: string | null;
  readonly keySource: string | null;
  readonly envBaseUrl: string | null;
  readonly localImage: string | null;
  readonly dockerFallback: boolean;
  readonly tasks: string[] | null;
  readonly seed: number;
  readonly maxSteps: number;
  readonly budgetMs: number;
  readonly modelTimeoutMs: number;
  readonly modelRetries: number;
  readonly retryBaseMs: number;
  readonly historyTurns: number;
  readonly successThreshold: number;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly jsonMode: boolean;
  readonly envTimeoutMs: number;
  readonly dockerHealthTimeoutMs: number;
  readonly benchmark: string | null;
}

export const USAGE = `usage: node dist/inference.js        (npm run baseline)

Runs every task of the environment once through an OpenAI-compatible model and prints one
[START] / [STEP]... / [END] block per task on stdout; everything else goes to stderr.

model:        API_BASE_URL (${DEFAULT_API_BASE_URL}), MODEL_NAME (${DEFAULT_MODEL_NAME}),
              API_KEY or HF_TOKEN (API_KEY wins when both are set)
environment:  embedded server by default (OPENENV_MANIFEST, else ./openenv.plugins.json);
              ENV_BASE_URL=<url of a running server or Space>; LOCAL_IMAGE_NAME=<docker image>
tasks:        OPENENV_TASK=<id>[,<id>...] (default: every task), OPENENV_SEED (42)
limits:       BASELINE_MAX_STEPS (50), BASELINE_BUDGET_S (900), BASELINE_MODEL_TIMEOUT_S (60),
              BASELINE_MODEL_RETRIES (2), BASELINE_RETRY_BASE_MS (1000), BASELINE_ENV_TIMEOUT_S (30),
              BASELINE_DOCKER_HEALTH_TIMEOUT_S (60)
model call:   BASELINE_TEMPERATURE (0), BASELINE_MAX_TOKENS (1024), BASELINE_JSON_MODE (0),
              BASELINE_HISTORY (4 recent steps shown to the model)
other:        BASELINE_SUCCESS_THRESHOLD (0.5), BASELINE_DOCKER_FALLBACK (1), OPENENV_BENCHMARK`;

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, check: { min: number; max: number; integer?: boolean }): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < check.min || value > check.max || (check.integer && !Number.isInteger(value))) {
    const kind = check.integer ? 'an integer' : 'a number';
    throw new UsageError(`${name} must be ${kind} in [${check.min}, ${check.max}], got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined || raw === null) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new UsageError(`${name} must be 1/0 or true/false, got "${env[name]}"`);
}

/** Reads the configuration; a malformed value is a UsageError (the only reason to exit non-zero). */
export function readConfig(env: NodeJS.ProcessEnv): BaselineConfig {
  const apiKeyVar = text(env, 'API_KEY') ? 'API_KEY' : text(env, 'HF_TOKEN') ? 'HF_TOKEN' : null;
  const taskList = text(env, 'OPENENV_TASK');
  const tasks = taskList === null ? null : [...new Set(taskList.split(',').map((t) => t.trim()).filter(Boolean))];
  if (tasks !== null && tasks.length === 0) throw new UsageError(`OPENENV_TASK names no task: "${env.OPENENV_TASK}"`);
  const envBaseUrl = text(env, 'ENV_BASE_URL');
  if (envBaseUrl !== null && !/^https?:\/\//i.test(envBaseUrl)) throw new UsageError(`ENV_BASE_URL must be an http(s) URL, got "${envBaseUrl}"`);
  const apiBaseUrl = text(env, 'API_BASE_URL') ?? DEFAULT_API_BASE_URL;
  if (!/^https?:\/\//i.test(apiBaseUrl)) throw new UsageError(`API_BASE_URL must be an http(s) URL, got "${apiBaseUrl}"`);
  return {
    apiBaseUrl,
    modelName: text(env, 'MODEL_NAME') ?? DEFAULT_MODEL_NAME,
    apiKey: apiKeyVar ? text(env, apiKeyVar) : null,
    keySource: apiKeyVar,
    envBaseUrl,
    localImage: text(env, 'LOCAL_IMAGE_NAME'),
    dockerFallback: flag(env, 'BASELINE_DOCKER_FALLBACK', true),
    tasks,
    seed: number(env, 'OPENENV_SEED', 42, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true }),
    maxSteps: number(env, 'BASELINE_MAX_STEPS', 50, { min: 1, max: 10_000, integer: true }),
    budgetMs: number(env, 'BASELINE_BUDGET_S', 900, { min: 1, max: 86_400 }) * 1000,
    modelTimeoutMs: number(env, 'BASELINE_MODEL_TIMEOUT_S', 60, { min: 0.1, max: 3600 }) * 1000,
    modelRetries: number(env, 'BASELINE_MODEL_RETRIES', 2, { min: 0, max: 10, integer: true }),
    retryBaseMs: number(env, 'BASELINE_RETRY_BASE_MS', 1000, { min: 0, max: 60_000 }),
    historyTurns: number(env, 'BASELINE_HISTORY', 4, { min: 0, max: 50, integer: true }),
    successThreshold: number(env, 'BASELINE_SUCCESS_THRESHOLD', 0.5, { min: 0, max: 1 }),
    maxTokens: number(env, 'BASELINE_MAX_TOKENS', 1024, { min: 16, max: 200_000, integer: true }),
    temperature: number(env, 'BASELINE_TEMPERATURE', 0, { min: 0, max: 2 }),
    jsonMode: flag(env, 'BASELINE_JSON_MODE', false),
    envTimeoutMs: number(env, 'BASELINE_ENV_TIMEOUT_S', 30, { min: 0.1, max: 3600 }) * 1000,
    dockerHealthTimeoutMs: number(env, 'BASELINE_DOCKER_HEALTH_TIMEOUT_S', 60, { min: 1, max: 3600 }) * 1000,
    benchmark: text(env, 'OPENENV_BENCHMARK'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The stdout format (exact; see ../shared/submission-rules.md)
// ---------------------------------------------------------------------------------------------------------

/** Any text on one line: line breaks and runs of whitespace around them become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').replace(/\t/g, ' ').trim();
}

/** A name field (task, env, model) must be one token: whitespace becomes "_". */
function token(value: string): string {
  return oneLine(value).replace(/\s+/g, '_') || 'unknown';
}

export function formatReward(reward: number): string {
  const fixed = (Number.isFinite(reward) ? reward : 0).toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

/** A score clamped into the bounds and never printed as 0.000 or 1.000. */
export function formatScore(score: number | null, bounds: { min: number; max: number } = FALLBACK_BOUNDS): string {
  const low = Math.max(bounds.min, FALLBACK_BOUNDS.min);
  const high = Math.min(bounds.max, FALLBACK_BOUNDS.max);
  const value = score !== null && Number.isFinite(score) ? Math.min(high, Math.max(low, score)) : low;
  const fixed = value.toFixed(3);
  if (fixed === '0.000') return '0.001';
  if (fixed === '1.000') return '0.999';
  return fixed;
}

export function formatStart(task: string, env: string, model: string): string {
  return `[START] task=${token(task)} env=${token(env)} model=${token(model)}`;
}

export function formatStep(step: number, action: string, reward: number, done: boolean, error: string | null): string {
  const err = error === null || oneLine(error) === '' ? 'null' : oneLine(error);
  return `[STEP] step=${step} action=${oneLine(action) || 'null'} reward=${formatReward(reward)} done=${done} error=${err}`;
}

export function formatEnd(success: boolean, steps: number, score: string, rewards: number[]): string {
  return `[END] success=${success} steps=${steps} score=${score} rewards=${rewards.map(formatReward).join(',')}`;
}

/** The only writer of stdout; everything else (console.log included, see main) goes to stderr. */
const writeStdout: (text: string, done?: () => void) => boolean = process.stdout.write.bind(process.stdout);
function emit(line: string): void {
  writeStdout(`${line}\n`);
}
function note(message: string): void {
  process.stderr.write(`[baseline] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// Reading the model's reply: the first JSON object in it, validated against the task's action schema
// ---------------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The end index (inclusive) of the balanced {...} starting at `start`, skipping braces inside strings. */
function balancedEnd(source: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The first JSON object in a model reply: the whole reply, a fenced block, or the first balanced {...}
 * that parses. Reasoning sections (<think>...</think>) are skipped. Null when there is none.
 */
export function extractJsonObject(reply: string): Record<string, unknown> | null {
  const cleaned = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').trim();
  const tryParse = (candidate: string): Record<string, unknown> | null => {
    try {
      const value: unknown = JSON.parse(candidate);
      return isPlainObject(value) ? value : null;
    } catch {
      return null;
    }
  };
  const whole = tryParse(cleaned);
  if (whole) return whole;
  for (const fence of cleaned.matchAll(/```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)```/g)) {
    const fenced = tryParse(fence[1]!.trim());
    if (fenced) return fenced;
  }
  for (let start = cleaned.indexOf('{'); start >= 0; start = cleaned.indexOf('{', start + 1)) {
    const end = balancedEnd(cleaned, start);
    if (end < 0) continue;
    const found = tryParse(cleaned.slice(start, end + 1));
    if (found) return found;
  }
  return null;
}

/** Checks an action against a JSON Schema; returns a one-line problem description, or null when valid. */
export type ActionValidator = (action: unknown) => string | null;

function compileSchema(schema: unknown): z.ZodType | null {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return null;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'action'}: ${issue.message}`).join('; ');
}

/** The `type` constant of a variant of a discriminated action union, or null. */
function discriminatorOf(variant: unknown): string | null {
  const props = isPlainObject(variant) && isPlainObject(variant.properties) ? variant.properties : null;
  const type = props && isPlainObject(props.type) ? props.type : null;
  if (type && typeof type.const === 'string') return type.const;
  if (type && Array.isArray(type.enum) && type.enum.length === 1 && typeof type.enum[0] === 'string') return type.enum[0];
  return null;
}

/**
 * Builds a validator from a task's action JSON Schema. For a union tagged by `type` it checks the variant
 * the action names, so the model is told exactly which field is wrong (a plain union only says "invalid").
 * A schema that cannot be compiled validates nothing locally; the server still refuses bad actions (422).
 */
export function buildActionValidator(schema: JsonSchemaObject | null): ActionValidator {
  if (!schema || Object.keys(schema).length === 0) return (action) => (isPlainObject(action) ? null : 'the action must be a JSON object');
  const whole = compileSchema(schema);
  const options = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  const variants = new Map<string, z.ZodType>();
  if (Array.isArray(options)) {
    const shared = { ...(schema.$defs ? { $defs: schema.$defs } : {}), ...(schema.definitions ? { definitions: schema.definitions } : {}) };
    for (const option of options) {
      const tag = discriminatorOf(option);
      const compiled = tag === null ? null : compileSchema({ ...shared, ...(option as object) });
      if (tag === null || compiled === null) {
        variants.clear();
        break;
      }
      variants.set(tag, compiled);
    }
  }
  return (action) => {
    if (!isPlainObject(action)) return 'the action must be a JSON object';
    if (variants.size > 0) {
      const kinds = [...variants.keys()].map((k) => JSON.stringify(k)).join(', ');
      if (typeof action.type !== 'string') return `type: required, one of ${kinds}`;
      const variant = variants.get(action.type);
      if (!variant) return `type: ${JSON.stringify(action.type)} is not an action; use one of ${kinds}`;
      const result = variant.safeParse(action);
      return result.success ? null : issuesText(result.error);
    }
    if (!whole) return null;
    const result = whole.safeParse(action);
    return result.success ? null : issuesText(result.error);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Prompts
// ---------------------------------------------------------------------------------------------------------

export interface TaskSpec {
  /** The name printed in [START] (the task id, or "default" when the server cannot list its tasks). */
  readonly name: string;
  /** The task kwarg sent with reset; null = the server's default task. */
  readonly resetTask: string | null;
  readonly info: TaskInfo | null;
}

interface HistoryEntry {
  step: number;
  action: string;
  reward: number;
  error: string | null;
  feedback: string | null;
}

type Message = { role: 'system' | 'user' | 'assistant'; content: string };

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}... (${value.length - max} more characters)`;
}

export function systemPrompt(spec: TaskSpec, actionSchema: JsonSchemaObject | null): string {
  const info = spec.info;
  const header = info
    ? `Task: ${info.id} - ${info.title} (difficulty: ${info.difficulty}; at most ${info.max_steps} steps)\n${info.description}`
    : `Task: ${spec.name}`;
  const schemaText = actionSchema && Object.keys(actionSchema).length > 0 ? JSON.stringify(actionSchema) : '{"type": "object"}';
  return [
    'You are an agent working on a task in an OpenEnv environment, one action per turn.',
    '',
    header,
    '',
    'Each turn you receive the current observation. Reply with exactly one action: a single JSON object that',
    'conforms to the JSON Schema below. Reply with the JSON object only: no explanation, no code fences.',
    '',
    `Action JSON Schema: ${schemaText}`,
  ].join('\n');
}

export function userPrompt(observation: StepResponse['observation'], history: HistoryEntry[], step: number, cap: number): string {
  const parts: string[] = [step >= cap ? `Step ${step} of at most ${cap}: this is your last action.` : `Step ${step} of at most ${cap}.`];
  if (history.length > 0) {
    parts.push('', 'Your recent actions:');
    for (const h of history) {
      const outcome = [`reward ${formatReward(h.reward)}`];
      if (h.error) outcome.push(`error: ${clip(oneLine(h.error), 300)}`);
      else if (h.feedback) outcome.push(`feedback: ${clip(oneLine(h.feedback), 300)}`);
      parts.push(`- step ${h.step}: ${clip(h.action, 400)} -> ${outcome.join('; ')}`);
    }
  }
  if (observation.last_action_error) parts.push('', `Your last action was not allowed: ${observation.last_action_error}`);
  else if (observation.feedback) parts.push('', `Result of your last action:\n${clip(observation.feedback, 4000)}`);
  const body = observation.prompt?.trim() ? observation.prompt : JSON.stringify(observation.data ?? observation);
  parts.push('', 'Current observation:', body, '', 'Reply with one JSON action object.');
  return parts.join('\n');
}

function repairPrompt(problem: string): string {
  return `That reply is not a valid action: ${problem}\nReply again with only one JSON object that conforms to the action JSON Schema.`;
}

// ---------------------------------------------------------------------------------------------------------
// The model: bounded requests with retry and backoff
// ---------------------------------------------------------------------------------------------------------

type ModelReply = { ok: true; text: string } | { ok: false; error: string };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Errors worth another try: no reply, timeouts, rate limits and server-side failures. */
function retryable(err: unknown): boolean {
  if (err instanceof APIUserAbortError) return false;
  if (err instanceof APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (err instanceof APIError) return err.status === undefined || [408, 409, 425, 429].includes(err.status) || err.status >= 500;
  return false;
}

function describeModelError(err: unknown): string {
  if (err instanceof APIError && err.status !== undefined) return `HTTP ${err.status}: ${oneLine(err.message)}`;
  if (err instanceof Error) {
    // fetch hides the real reason (ENOTFOUND, ECONNREFUSED, a bad port) a few causes deep.
    const reasons: string[] = [];
    for (let cause = (err as { cause?: unknown }).cause, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
      const { code, message } = cause as { code?: unknown; message?: unknown };
      reasons.push(typeof code === 'string' ? code : String(message ?? cause));
    }
    return oneLine(reasons.length > 0 ? `${err.message} (${reasons.join(': ')})` : err.message);
  }
  return String(err);
}

class Model {
  private readonly client: OpenAI;
  calls = 0;

  constructor(private readonly config: BaselineConfig) {
    // A missing key is not fatal: local endpoints need none, and a remote one answers 401, which ends the
    // task with a complete block instead of a crash.
    this.client = new OpenAI({ baseURL: config.apiBaseUrl, apiKey: config.apiKey ?? 'no-key-set', maxRetries: 0, timeout: config.modelTimeoutMs });
  }

  async complete(messages: Message[], deadline: number, stop: AbortSignal): Promise<ModelReply> {
    let lastError = 'no attempt made: the time budget was already spent';
    for (let attempt = 0; attempt <= this.config.modelRetries; attempt++) {
      const left = deadline - Date.now();
      if (left < 250 || stop.aborted) break;
      if (attempt > 0) note(`model: retry ${attempt}/${this.config.modelRetries} after: ${lastError}`);
      // A request-scoped signal: the OpenAI client leaves its listener on the signal it is given.
      const request = new AbortController();
      const abort = () => request.abort();
      stop.addEventListener('abort', abort, { once: true });
      try {
        this.calls += 1;
        const completion = await this.client.chat.completions.create(
          {
            model: this.config.modelName,
            messages,
            temperature: this.config.temperature,
            max_tokens: this.config.maxTokens,
            ...(this.config.jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
          },
          { timeout: Math.min(this.config.modelTimeoutMs, left), maxRetries: 0, signal: request.signal },
        );
        const content = completion.choices?.[0]?.message?.content;
        return { ok: true, text: typeof content === 'string' ? content : '' };
      } catch (err) {
        lastError = describeModelError(err);
        if (!retryable(err)) return { ok: false, error: lastError };
      } finally {
        stop.removeEventListener('abort', abort);
      }
      const backoff = this.config.retryBaseMs * 2 ** attempt;
      if (attempt < this.config.modelRetries && Date.now() + backoff < deadline - 250) await sleep(backoff, stop);
    }
    return { ok: false, error: lastError };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Where the environment comes from: embedded server, a URL, or a local Docker image
// ---------------------------------------------------------------------------------------------------------

interface EnvHandle {
  readonly baseUrl: string;
  readonly label: string;
  close(): Promise<void>;
}

/** The project root of this script: the folder holding dist/ when compiled, else the script's folder. */
function projectRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(here) === 'dist' ? path.dirname(here) : here;
}

async function startEmbedded(): Promise<EnvHandle> {
  const { createEnvironment } = await import('./framework/environment.js');
  const { serve } = await import('./framework/serve.js');
  let manifestPath: string | undefined;
  if (!process.env.OPENENV_MANIFEST && !existsSync(path.resolve('openenv.plugins.json'))) {
    manifestPath = path.join(projectRoot(), 'openenv.plugins.json');
  }
  // OPENENV_TASK here is the baseline's task list, not the server's default task: keep it from the server.
  const env = await createEnvironment({ manifestPath, env: { ...process.env, OPENENV_TASK: undefined } });
  const server = await serve(env, { port: 0, host: '127.0.0.1' });
  return { baseUrl: server.url, label: `embedded server (${env.loaded.file})`, close: () => server.app.close() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError: Error | null;
}

function runCommand(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let spawnError: Error | null = null;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, spawnError });
    });
  });
}

async function waitHealthy(baseUrl: string, timeoutMs: number, stop: AbortSignal): Promise<boolean> {
  const client = new OpenEnvHttpClient(baseUrl, { timeoutMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stop.aborted) {
    try {
      if ((await client.health()).status === 'healthy') return true;
    } catch {
      // not up yet
    }
    await sleep(500, stop);
  }
  return false;
}

async function startDocker(image: string, config: BaselineConfig, stop: AbortSignal): Promise<EnvHandle> {
  const port = await freePort();
  const args = ['run', '-d', '--rm', '-p', `${port}:8000`, image];
  note(`starting docker ${args.join(' ')}`);
  const started = await runCommand('docker', args, Math.min(300_000, config.budgetMs));
  if (started.spawnError) throw new Error(`cannot run docker (${started.spawnError.message}); is Docker installed and on PATH?`);
  if (started.code !== 0) throw new Error(`docker run ${image} failed with exit code ${started.code}: ${oneLine(started.stderr || started.stdout)}`);
  const container = started.stdout.trim().split(/\s+/).pop() ?? '';
  if (!container) throw new Error(`docker run ${image} printed no container id`);
  const remove = async () => {
    const removed = await runCommand('docker', ['rm', '-f', container], 30_000);
    if (removed.code !== 0) note(`docker rm -f ${container} failed: ${oneLine(removed.stderr)}`);
    else note(`removed container ${container.slice(0, 12)}`);
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  if (!(await waitHealthy(baseUrl, config.dockerHealthTimeoutMs, stop))) {
    const logs = await runCommand('docker', ['logs', '--tail', '30', container], 10_000);
    note(`container ${container.slice(0, 12)} logs:\n${logs.stdout}${logs.stderr}`);
    await remove();
    throw new Error(`container of ${image} did not answer GET ${baseUrl}/health within ${config.dockerHealthTimeoutMs / 1000} s`);
  }
  return { baseUrl, label: `docker image ${image} (container ${container.slice(0, 12)}, port ${port})`, close: remove };
}

async function startEnvironment(config: BaselineConfig, stop: AbortSignal): Promise<EnvHandle | null> {
  if (config.envBaseUrl) {
    if (config.localImage) note('both ENV_BASE_URL and LOCAL_IMAGE_NAME are set; using ENV_BASE_URL');
    return { baseUrl: config.envBaseUrl.replace(/\/+$/, ''), label: config.envBaseUrl, close: async () => undefined };
  }
  if (config.localImage) {
    try {
      return await startDocker(config.localImage, config, stop);
    } catch (err) {
      note(`LOCAL_IMAGE_NAME: ${(err as Error).message}`);
      if (!config.dockerFallback) return null;
      note('falling back to the embedded server (set BASELINE_DOCKER_FALLBACK=0 to disable)');
    }
  }
  try {
    return await startEmbedded();
  } catch (err) {
    note(`cannot start the embedded server: ${oneLine((err as Error).message)}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// One episode
// ---------------------------------------------------------------------------------------------------------

interface RunContext {
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

/** Parses and validates one reply; unwraps a lone wrapper such as {"action": {...}}, a common model habit. */
function readReply(reply: string, validate: ActionValidator): { action: Record<string, unknown> } | { problem: string; parsed: Record<string, unknown> | null } {
  const parsed = extractJsonObject(reply);
  if (!parsed) return { problem: reply.trim() ? 'the reply contains no JSON object' : 'the reply is empty', parsed: null };
  const problem = validate(parsed);
  if (problem === null) return { action: parsed };
  const keys = Object.keys(parsed);
  if (keys.length === 1 && isPlainObject(parsed[keys[0]!]) && validate(parsed[keys[0]!]) === null) {
    return { action: parsed[keys[0]!] as Record<string, unknown> };
  }
  return { problem, parsed };
}

/**
 * One turn: ask the model, check its action and step the environment. A reply that is not a valid action
 * (no JSON, outside the schema locally, or refused by the server with 422) gets one repair request that
 * shows the model the problem.
 */
async function playTurn(
  ctx: RunContext,
  client: OpenEnvHttpClient,
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
        problem = err.message.replace(/^POST \/step: HTTP 422: /, '');
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
async function runTask(ctx: RunContext, spec: TaskSpec, deadline: number): Promise<void> {
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

  const client = ctx.env ? new OpenEnvHttpClient(ctx.env.baseUrl, { timeoutMs: config.envTimeoutMs }) : null;
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
    const reset = await client.reset({ seed: config.seed, ...(spec.resetTask ? { task: spec.resetTask } : {}) });
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
        history.push({ step: rewards.length, action: turn.shown, reward: 0, error, feedback: null });
        if (turn.modelDown) break;
        continue;
      }
      const reward = typeof turn.result.reward === 'number' ? turn.result.reward : 0;
      done = turn.result.done === true;
      observation = turn.result.observation;
      const actionText = JSON.stringify(turn.action);
      const error = observation.last_action_error ?? null;
      logStep(actionText, reward, done, error);
      history.push({ step: rewards.length, action: actionText, reward, error, feedback: observation.feedback ?? null });
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
async function scoreOf(client: OpenEnvHttpClient, name: string): Promise<number | null> {
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

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

/** The tasks to run: every listed task (or those OPENENV_TASK names), or placeholders if none can be listed. */
async function planTasks(config: BaselineConfig, env: EnvHandle | null): Promise<{ specs: TaskSpec[]; bounds: { min: number; max: number }; unknown: string[]; known: string[] }> {
  const placeholder = (): TaskSpec[] => (config.tasks ?? ['default']).map((name) => ({ name, resetTask: config.tasks ? name : null, info: null }));
  if (!env) return { specs: placeholder(), bounds: FALLBACK_BOUNDS, unknown: [], known: [] };
  try {
    const list = await new OpenEnvHttpClient(env.baseUrl, { timeoutMs: config.envTimeoutMs }).tasks();
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

async function benchmarkName(config: BaselineConfig, env: EnvHandle | null): Promise<string> {
  if (config.benchmark) return config.benchmark;
  if (env) {
    try {
      return (await new OpenEnvHttpClient(env.baseUrl, { timeoutMs: config.envTimeoutMs }).metadata()).name;
    } catch {
      // fall through
    }
  }
  return 'openenv';
}

/** Runs the baseline; resolves to the exit code (0 after all tasks ran, 2 on a usage error). */
export async function main(argv: string[], environ: NodeJS.ProcessEnv): Promise<number> {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`inference: unexpected argument "${argv[0]}"; configuration is by environment variables\n${USAGE}\n`);
    return 2;
  }
  let config: BaselineConfig;
  try {
    config = readConfig(environ);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`inference: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  const startedAt = Date.now();
  const globalDeadline = startedAt + config.budgetMs;
  const stopper = new AbortController();
  let interruptedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    // Exit status 128 + signal number, as a shell reports a process killed by that signal.
    if (stopper.signal.aborted) process.exit(128 + (constants.signals[signal] ?? 2));
    interruptedBy = signal;
    note(`${signal}: stopping; the remaining tasks print their blocks (send it again to quit at once)`);
    stopper.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (!config.apiKey) note('neither API_KEY nor HF_TOKEN is set; calling the model without a key');
  note(`model ${config.modelName} at ${config.apiBaseUrl}${config.keySource ? ` (key from ${config.keySource})` : ''}`);
  const model = new Model(config);
  let env: EnvHandle | null = null;
  try {
    env = await startEnvironment(config, stopper.signal);
    if (env) note(`environment: ${env.label} at ${env.baseUrl}`);
    const plan = await planTasks(config, env);
    if (plan.unknown.length > 0) {
      process.stderr.write(`inference: OPENENV_TASK names unknown task(s) ${plan.unknown.join(', ')}; known tasks: ${plan.known.join(', ')}\n`);
      return 2;
    }
    const ctx: RunContext = { config, model, env, benchmark: await benchmarkName(config, env), bounds: plan.bounds, stop: stopper.signal };
    note(`running ${plan.specs.length} task(s): ${plan.specs.map((s) => s.name).join(', ')}; budget ${config.budgetMs / 1000} s`);
    for (const [index, spec] of plan.specs.entries()) {
      // Each task gets an equal share of what is left, so one slow task cannot starve the others.
      const share = (globalDeadline - Date.now()) / (plan.specs.length - index);
      await runTask(ctx, spec, Date.now() + Math.max(0, share));
    }
    note(`finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s with ${model.calls} model call(s)`);
  } finally {
    if (env) {
      try {
        await env.close();
      } catch (err) {
        note(`closing the environment failed: ${(err as Error).message}`);
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interruptedBy ? 128 + (constants.signals[interruptedBy] ?? 2) : 0;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // stdout carries the [START]/[STEP]/[END] lines only: anything a plugin or library prints goes to stderr.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  process.on('unhandledRejection', (reason) => note(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
  main(process.argv.slice(2), process.env).then(
    (code) => {
      writeStdout('', () => process.exit(code));
    },
    (err: unknown) => {
      note(`fatal: ${err instanceof Error ? err.stack : String(err)}`);
      writeStdout('', () => process.exit(0));
    },
  );
}
