// The baseline's configuration: environment variables only (documented in docs/baseline.md) read into a BaselineConfig.

export const DEFAULT_API_BASE_URL = 'https://router.huggingface.co/v1';
export const DEFAULT_MODEL_NAME = 'Qwen/Qwen2.5-72B-Instruct';

export class UsageError extends Error {}

export interface BaselineConfig {
  readonly apiBaseUrl: string;
  readonly modelName: string;
  readonly apiKey: string | null;
  readonly keySource: string | null;
  readonly envBaseUrl: string | null;
  /** ENV_BASE_URL split at commas: every server the run spreads its episodes over. */
  readonly envBaseUrls: readonly string[];
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

export const USAGE = `usage: node dist/inference.js        (npm run --silent baseline)

Runs every task of the environment once through an OpenAI-compatible model and prints one
[START] / [STEP]... / [END] block per task on stdout; everything else goes to stderr.

model:        API_BASE_URL (${DEFAULT_API_BASE_URL}), MODEL_NAME (${DEFAULT_MODEL_NAME}),
              API_KEY or HF_TOKEN (API_KEY wins when both are set)
environment:  embedded server by default (OPENENV_MANIFEST, else ./openenv.plugins.json);
              ENV_BASE_URL=<url of a running server or Space; several comma-separated>; LOCAL_IMAGE_NAME=<docker image>
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
  // Several servers (replicas, Spaces) are given comma-separated; episodes spread over them.
  const envBaseUrls = envBaseUrl === null ? [] : envBaseUrl.split(',').map((u) => u.trim()).filter(Boolean);
  for (const url of envBaseUrls) if (!/^https?:\/\//i.test(url)) throw new UsageError(`ENV_BASE_URL must be http(s) URLs (comma-separated for several servers), got "${url}"`);
  const apiBaseUrl = text(env, 'API_BASE_URL') ?? DEFAULT_API_BASE_URL;
  if (!/^https?:\/\//i.test(apiBaseUrl)) throw new UsageError(`API_BASE_URL must be an http(s) URL, got "${apiBaseUrl}"`);
  return {
    apiBaseUrl,
    modelName: text(env, 'MODEL_NAME') ?? DEFAULT_MODEL_NAME,
    apiKey: apiKeyVar ? text(env, apiKeyVar) : null,
    keySource: apiKeyVar,
    envBaseUrl,
    envBaseUrls,
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
