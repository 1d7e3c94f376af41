// The CLI's dataset commands: `collect`, `replay` and `export` (argument parsing and exit codes; the work is in their modules).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Environment } from '../runtime/environment.js';
import type { TaskInfo } from '../client/http-client.js';
import { TaskCatalog } from '../server/task-catalog.js';
import { collect } from './collect.js';
import { METADATA_FILE, RESULTS_FILE, toOpenEnvResult } from './export.js';
import { frameworkVersion } from './framework-version.js';
import { formatReplay, readRecords, replayRecord, summarize } from './replay.js';

export const DATASET_USAGE = `  collect   --task ID --count N --out DIR [--level L] [--split S] [--start I]
            [--policy reference|baseline]: play N episodes (catalogue indices I.. of the split)
            and write DIR/results.jsonl (OpenEnv's collect shape), DIR/trajectories.jsonl and
            DIR/metadata.json; the baseline policy reads API_BASE_URL, MODEL_NAME, HF_TOKEN like
            inference.ts; progress on stderr
  replay    DIR [--json]: re-play every recorded episode in DIR's *.jsonl with the current plugins,
            re-grade it and print per task how many scores changed and by how much; records whose
            scenario digest no longer matches are refused (exit 1 when any record is refused)
  export    DIR --out OUT: turn the trajectory records in DIR (OPENENV_RECORD_DIR) into
            OUT/results.jsonl and OUT/metadata.json`;

/** A usage problem: the CLI prints it with the usage text and exits 2. */
export class DatasetUsageError extends Error {}

function positiveInteger(name: string, raw: string | undefined, fallback?: number, min = 1): number {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new DatasetUsageError(`--${name} is required`);
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new DatasetUsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

export async function collectCommand(env: Environment, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      task: { type: 'string' },
      count: { type: 'string' },
      out: { type: 'string' },
      level: { type: 'string' },
      split: { type: 'string' },
      start: { type: 'string' },
      policy: { type: 'string', default: 'reference' },
    },
  });
  if (!values.task) throw new DatasetUsageError('--task is required');
  if (!values.out) throw new DatasetUsageError('--out is required');
  if (values.policy !== 'reference' && values.policy !== 'baseline') throw new DatasetUsageError(`--policy must be reference or baseline, got "${values.policy}"`);
  const summary = await collect(env, {
    task: values.task,
    count: positiveInteger('count', values.count),
    out: values.out,
    // A level is a name or its 1-based number, as reset takes it.
    level: values.level !== undefined && /^\d+$/.test(values.level) ? Number(values.level) : values.level,
    split: values.split,
    start: positiveInteger('start', values.start, 0, 0),
    policy: values.policy,
  });
  process.stderr.write(`collected ${summary.episodes} episode(s), ${summary.finished} finished, mean score ${summary.meanScore.toFixed(3)}: ${summary.files.results}\n`);
  return 0;
}

export async function replayCommand(env: Environment, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const dir = positionals[0];
  if (!dir) throw new DatasetUsageError('replay needs a directory (or a .jsonl file) of recorded episodes');
  const { records, unreadable } = readRecords(dir);
  const outcomes = [];
  for (const { record, source } of records) outcomes.push(await replayRecord(env.registry, record, env.policy, source));
  process.stdout.write(values.json ? `${JSON.stringify({ summary: summarize(outcomes), outcomes, skipped: unreadable }, null, 2)}\n` : `${formatReplay(outcomes, unreadable)}\n`);
  return outcomes.some((o) => o.status === 'refused') ? 1 : 0;
}

export async function exportCommand(env: Environment, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  const dir = positionals[0];
  if (!dir || !values.out) throw new DatasetUsageError('export needs a directory of trajectory records and --out DIR');
  const { records, unreadable } = readRecords(dir);
  const catalog = new TaskCatalog(env.policy);
  const lines: string[] = [];
  const tasks = new Set<string>();
  for (const { record } of records) {
    if (!env.registry.has(record.task_id) || record.observations.length === 0) {
      unreadable.push(`${record.episode_id}: task "${record.task_id}" is not loaded, or the line is a results line already`);
      continue;
    }
    tasks.add(record.task_id);
    lines.push(JSON.stringify(toOpenEnvResult(record, catalog.describe(env.registry.get(record.task_id)) as unknown as TaskInfo, { source: 'recording' })));
  }
  mkdirSync(values.out, { recursive: true });
  writeFileSync(path.join(values.out, RESULTS_FILE), lines.length ? `${lines.join('\n')}\n` : '');
  const metadata = { generator: 'openenv-ts export', framework_version: frameworkVersion(), environment: env.loaded.manifest.name, tasks: [...tasks], num_episodes: lines.length, source: path.resolve(dir), created_at: new Date().toISOString() };
  writeFileSync(path.join(values.out, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
  for (const u of unreadable) process.stderr.write(`skipped ${u}\n`);
  process.stderr.write(`exported ${lines.length} episode(s) to ${path.join(values.out, RESULTS_FILE)}\n`);
  return 0;
}
