// `openenv-ts/agent`: the baseline agent that plays an environment's tasks through an OpenAI-compatible model and prints the [START]/[STEP]/[END] log.
export { DEFAULT_API_BASE_URL, DEFAULT_MODEL_NAME, readConfig, USAGE, UsageError, type BaselineConfig } from './agent/config.js';
export { startEnvironment, type EnvHandle } from './agent/environment-source.js';
export { runTask, type RunContext } from './agent/episode-runner.js';
export { clip, emit, FALLBACK_BOUNDS, formatEnd, formatReward, formatScore, formatStart, formatStep, note, oneLine, writeStdout } from './agent/log-format.js';
export { Model, type Message, type ModelReply } from './agent/model.js';
export { repairPrompt, systemPrompt, userPrompt, type HistoryEntry } from './agent/prompts.js';
export { acceptsActionStrings, buildActionValidator, extractActionCall, extractJsonObject, readReply, type ActionValidator } from './agent/reply-parsing.js';
export { sleep } from './agent/sleep.js';
export { benchmarkName, planTasks, type TaskSpec } from './agent/task-plan.js';
