// The manifest (openenv.plugins.json): names the environment, its plugin modules, default task and policies.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OpenEnvError } from './errors.js';
import { DEFAULT_SCORE_BOUNDS, scoreBoundsProblem } from './score-bounds.js';

export const MANIFEST_FILE = 'openenv.plugins.json';

const scoreBoundsSchema = z
  .strictObject({
    min: z.number().describe('Lowest reported score, > 0'),
    max: z.number().describe('Highest reported score, < 1'),
  })
  .superRefine((bounds, ctx) => {
    const problem = scoreBoundsProblem(bounds);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const manifestSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).describe('Environment name, shown by /metadata'),
  description: z.string().min(1).describe('One paragraph on what the environment is'),
  version: z.string().min(1).describe('Environment version, e.g. 0.1.0'),
  author: z.string().nullable().default(null),
  documentation_url: z.string().nullable().default(null),
  plugins: z.array(z.string().min(1)).min(1).describe('Glob patterns of plugin modules, relative to the manifest'),
  exclude: z.array(z.string().min(1)).default([]).describe('Glob patterns of modules not to load (e.g. the example plugin)'),
  default_task: z.string().min(1).describe('Task used when neither OPENENV_TASK nor a reset kwarg names one'),
  score_bounds: scoreBoundsSchema.default({ ...DEFAULT_SCORE_BOUNDS }),
  rewards: z
    .strictObject({
      invalid_action_penalty: z.number().min(0).max(1).default(0.05),
      repeat_action_penalty: z.number().min(0).max(1).default(0.02),
    })
    .default({ invalid_action_penalty: 0.05, repeat_action_penalty: 0.02 }),
  sessions: z
    .strictObject({
      max_sessions: z.number().int().min(1).default(64).describe('WebSocket session capacity'),
      idle_timeout_s: z.number().positive().default(600).describe('Sessions idle this long are closed'),
      max_http_sessions: z.number().int().min(1).default(1024).describe('Named HTTP/MCP sessions kept at once; past it the least recently used finished one makes room, and when every one runs an episode new ones are refused (503)'),
      default_session: z
        .boolean()
        .default(true)
        .describe('Serve HTTP and MCP requests without a session id from one shared session (anyone who can reach the server shares it)'),
    })
    .default({ max_sessions: 64, idle_timeout_s: 600, max_http_sessions: 1024, default_session: true }),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** A manifest together with where it was read from (plugin patterns are relative to that folder). */
export interface LoadedManifest {
  readonly manifest: Manifest;
  readonly file: string;
  readonly dir: string;
}

/** Parses and validates manifest JSON text; errors name the file and the field. */
export function parseManifest(text: string, file: string): LoadedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new OpenEnvError('MANIFEST_INVALID', `${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      return `field "${field}": ${issue.message}`;
    });
    throw new OpenEnvError('MANIFEST_INVALID', `${file}: invalid manifest: ${lines.join('; ')}`, {
      issues: parsed.error.issues,
    });
  }
  return { manifest: parsed.data, file, dir: path.dirname(path.resolve(file)) };
}

/** Reads the manifest at `file`. */
export function readManifest(file: string): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OpenEnvError('MANIFEST_NOT_FOUND', `${file}: cannot read the manifest: ${(err as Error).message}`);
  }
  return parseManifest(text, file);
}
