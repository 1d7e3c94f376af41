// Reading a model's reply: the first JSON object in it, validated against the task's action JSON Schema.
import { z } from 'zod';
import type { JsonSchemaObject } from '../client.js';

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

/**
 * Whether a task takes BrowserGym-style action strings: its action schema has a variant {"type": "action",
 * "action": string} (web-navigation has). The model may then answer as BrowserGym's sample agent does, click('12').
 */
export function acceptsActionStrings(schema: JsonSchemaObject | null): boolean {
  const options = (schema?.oneOf ?? schema?.anyOf) as unknown[] | undefined;
  if (!Array.isArray(options)) return false;
  return options.some((option) => {
    const properties = isPlainObject(option) && isPlainObject(option.properties) ? (option.properties as Record<string, Record<string, unknown>>) : null;
    return properties !== null && properties.type?.const === 'action' && properties.action?.type === 'string';
  });
}

/** The first BrowserGym action call in a reply (click('12'), fill("7", "Oslo"), noop()), or null. */
export function extractActionCall(reply: string): string | null {
  const cleaned = reply.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/```[a-z]*/gi, '');
  for (const line of cleaned.split(/\r?\n/)) {
    const match = /\b(click|dblclick|fill|select_option|check|uncheck|press|keyboard_press|send_keys|scroll|goto|go_back|noop|send_msg_to_user)\s*\(.*\)/.exec(line);
    if (match) return match[0].trim();
  }
  return null;
}

/** Parses and validates one reply; unwraps a lone wrapper such as {"action": {...}}, a common model habit. */
export function readReply(reply: string, validate: ActionValidator): { action: Record<string, unknown> } | { problem: string; parsed: Record<string, unknown> | null } {
  const parsed = extractJsonObject(reply);
  if (!parsed) {
    // A bare BrowserGym call is sent as the task's action-string variant when the task has one.
    const call = extractActionCall(reply);
    const wrapped = call === null ? null : { type: 'action', action: call };
    if (wrapped && validate(wrapped) === null) return { action: wrapped };
    return { problem: reply.trim() ? 'the reply contains no JSON object' : 'the reply is empty', parsed: null };
  }
  const problem = validate(parsed);
  if (problem === null) return { action: parsed };
  const keys = Object.keys(parsed);
  if (keys.length === 1 && isPlainObject(parsed[keys[0]!]) && validate(parsed[keys[0]!]) === null) {
    return { action: parsed[keys[0]!] as Record<string, unknown> };
  }
  return { problem, parsed };
}
