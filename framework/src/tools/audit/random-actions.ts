// Random and extreme actions drawn from a task's action JSON Schema, so an audit can probe any grader without task code.
import { Rng } from '../../contract/seeded-random.js';
import { stringForPattern, type PatternMode } from './pattern-strings.js';

type Schema = Record<string, unknown>;
type Mode = 'random' | 'short' | 'long';

/** Words random strings are made of: short and plain, so they fit tight length bounds and read as text. */
const WORDS = [
  'alpha', 'beta', 'gamma', 'delta', 'red', 'blue', 'green', 'open', 'close', 'yes', 'no', 'none', 'all',
  'id', 'name', 'value', 'total', 'count', 'date', 'user', 'order', 'item', 'test', 'x', 'a', '1', '42',
  'select', 'from', 'where', 'null', 'true', 'ok', 'P1', 'TCK-1000', 'row_id', 'émoji', "it's", '"q"',
];
/** What a string with no maxLength is stretched to in the long extreme. */
export const UNBOUNDED_STRING_LENGTH = 10_000;
/** Elements of an array with no maxItems in the long extreme. */
const UNBOUNDED_ARRAY_LENGTH = 50;
/** Below this nesting depth a random draw skips optional fields and grows no arrays, so recursive schemas end. */
const MAX_DEPTH = 8;

interface Walk {
  readonly root: Schema;
  readonly rng: Rng;
  readonly mode: Mode;
  readonly depth: number;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` ("#", "#/$defs/x", "#/definitions/x"); zod emits these for shared and recursive parts. */
function deref(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#')) throw new Error(`actionSampler: only local $ref is supported, got "${ref}"`);
    let target: unknown = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      target = isSchema(target) ? target[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (!isSchema(target)) throw new Error(`actionSampler: $ref "${ref}" points nowhere`);
    const { $ref: _ref, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

/** allOf folded into one schema: properties merged and required lists joined (what zod's intersections produce). */
function flattenAllOf(schema: Schema, root: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: Schema = rest;
  for (const part of allOf as unknown[]) {
    if (!isSchema(part)) continue;
    const resolved = flattenAllOf(deref(part, root), root);
    merged = {
      ...resolved,
      ...merged,
      properties: { ...(resolved.properties as Schema | undefined), ...(merged.properties as Schema | undefined) },
      required: [...((resolved.required as string[] | undefined) ?? []), ...((merged.required as string[] | undefined) ?? [])],
    };
  }
  return merged;
}

function optionsOf(schema: Schema): Schema[] | null {
  const options = (schema.oneOf ?? schema.anyOf) as unknown;
  return Array.isArray(options) ? options.filter(isSchema) : null;
}

/** The top-level variants of an action schema: the options of its union (nested unions flattened), else itself. */
export function schemaVariants(actionSchema: Schema): Schema[] {
  const walk = (schema: Schema): Schema[] => {
    const resolved = flattenAllOf(deref(schema, actionSchema), actionSchema);
    const options = optionsOf(resolved);
    if (!options) return [resolved];
    const { oneOf: _o, anyOf: _a, ...shared } = resolved;
    return options.flatMap((option) => walk({ ...shared, ...option }));
  };
  return walk(actionSchema);
}

function textOfLength(length: number, rng: Rng | null): string {
  if (length <= 0) return '';
  const parts: string[] = [];
  // The joined length is the word lengths plus one space between each pair.
  let size = -1;
  while (size < length) {
    const word = rng ? rng.pick(WORDS) : 'lorem';
    parts.push(word);
    size += word.length + 1;
  }
  let text = parts.join(' ').slice(0, length);
  // A trailing space would make "trimmed" and raw lengths differ; zod counts raw, but keep it tidy.
  if (text.endsWith(' ')) text = `${text.slice(0, -1)}x`;
  return text;
}

const DAY_MS = 86_400_000;

/** A string of a known `format`; zod also emits a `pattern` for most of these, which these strings satisfy. */
function formatString(format: string, rng: Rng, mode: Mode): string | null {
  const n = mode === 'random' ? rng.int(0, 9999) : 0;
  const date = new Date(Date.UTC(2024, 0, 1) + (n % 365) * DAY_MS).toISOString();
  const hex = (count: number) => Array.from({ length: count }, () => (mode === 'random' ? rng.int(0, 15) : 10).toString(16)).join('');
  switch (format) {
    case 'email':
      return `user${n}@example.com`;
    case 'uuid':
    case 'guid':
      return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    case 'date':
      return date.slice(0, 10);
    case 'date-time':
      return date.replace(/\.\d{3}Z$/, 'Z');
    case 'time':
      return date.slice(11, 19);
    case 'uri':
    case 'url':
      return `https://example.com/item/${n}`;
    case 'ipv4':
      return `10.0.${n % 256}.${(n * 7) % 256}`;
    default:
      return null;
  }
}

function stringValue(schema: Schema, walk: Walk): string {
  const { rng, mode } = walk;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (typeof schema.format === 'string') {
    const formatted = formatString(schema.format, rng, mode);
    const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern) : null;
    if (formatted !== null && formatted.length >= min && formatted.length <= max && (!pattern || pattern.test(formatted))) return formatted;
  }
  if (typeof schema.pattern === 'string') {
    const patternMode: PatternMode = mode;
    const drawn = stringForPattern(schema.pattern, rng, patternMode, min, max);
    if (drawn !== null) return drawn;
    // An unparsed pattern: fall through to plain text, which may not match (the caller's test will say so).
  }
  if (mode === 'short') return textOfLength(min, null);
  if (mode === 'long') return textOfLength(Number.isFinite(max) ? max : UNBOUNDED_STRING_LENGTH, null);
  const roll = rng.next();
  let length: number;
  if (roll < 0.1) length = min;
  else if (roll < 0.15 && Number.isFinite(max)) length = max;
  else length = rng.int(Math.max(min, 1), Math.max(Math.max(min, 1), Math.min(max, 30)));
  return textOfLength(Math.min(length, max), rng);
}

/** The closed range a number schema allows, exclusive bounds (2020-12 numbers or draft-4 booleans) made inclusive. */
function numberRange(schema: Schema, integer: boolean): { lo: number; hi: number; step: number | null } {
  let lo = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
  let hi = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
  const nudge = (x: number) => Math.max(Math.abs(x) * 1e-12, 1e-9);
  if (typeof schema.exclusiveMinimum === 'number') lo = Math.max(lo, integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + nudge(schema.exclusiveMinimum));
  else if (schema.exclusiveMinimum === true && Number.isFinite(lo)) lo = integer ? Math.floor(lo) + 1 : lo + nudge(lo);
  if (typeof schema.exclusiveMaximum === 'number') hi = Math.min(hi, integer ? Math.ceil(schema.exclusiveMaximum) - 1 : schema.exclusiveMaximum - nudge(schema.exclusiveMaximum));
  else if (schema.exclusiveMaximum === true && Number.isFinite(hi)) hi = integer ? Math.ceil(hi) - 1 : hi - nudge(hi);
  if (integer) {
    lo = Number.isFinite(lo) ? Math.ceil(lo) : -Number.MAX_SAFE_INTEGER;
    hi = Number.isFinite(hi) ? Math.floor(hi) : Number.MAX_SAFE_INTEGER;
  }
  const step = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : null;
  return { lo, hi, step };
}

function numberValue(schema: Schema, integer: boolean, walk: Walk): number {
  const { lo, hi, step } = numberRange(schema, integer);
  const { rng, mode } = walk;
  if (step !== null) {
    // Draw the multiplier instead, so the value is an exact multiple.
    const kLo = Math.ceil((Number.isFinite(lo) ? lo : -1e6) / step);
    const kHi = Math.floor((Number.isFinite(hi) ? hi : 1e6) / step);
    const k = mode === 'short' ? kLo : mode === 'long' ? kHi : rng.int(kLo, Math.min(kHi, kLo + 1000));
    return k * step;
  }
  if (mode === 'short') return Number.isFinite(lo) ? lo : -Number.MAX_SAFE_INTEGER;
  if (mode === 'long') return Number.isFinite(hi) ? hi : Number.MAX_SAFE_INTEGER;
  const roll = rng.next();
  if (roll < 0.1 && Number.isFinite(lo)) return lo;
  if (roll < 0.2 && Number.isFinite(hi)) return hi;
  // Mostly small values near the low end: ids and offsets are small, and a 2^53 row id teaches nothing.
  let a = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? Math.min(hi, 0) - 100 : -100;
  let b = Number.isFinite(hi) ? Math.min(hi, a + 1000) : a + 200;
  if (roll < 0.25 && Number.isFinite(lo) && Number.isFinite(hi)) [a, b] = [lo, hi];
  if (integer) return rng.int(Math.ceil(a), Math.floor(b));
  const value = rng.float(a, b);
  return Math.min(b, Math.max(a, rng.chance(0.3) ? Math.round(value) : value));
}

function objectValue(schema: Schema, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const deep = walk.depth >= MAX_DEPTH;
  for (const [key, sub] of Object.entries(properties)) {
    // Extremes fill every field, so every string is at its bound; random draws include optional ones half the time.
    const include = required.has(key) || (walk.mode === 'random' ? !deep && walk.rng.chance(0.5) : true);
    if (include && (isSchema(sub) || sub === true)) out[key] = valueOf(isSchema(sub) ? sub : {}, walk);
  }
  const extra = schema.additionalProperties;
  const valueSchema = isSchema(extra) ? extra : null;
  const names = isSchema(schema.propertyNames) ? deref(schema.propertyNames, walk.root) : null;
  const namedKeys = names && Array.isArray(names.enum) ? (names.enum as unknown[]).filter((k): k is string => typeof k === 'string') : null;
  if (valueSchema && namedKeys) {
    // A record keyed by an enum: zod 4 makes it exhaustive, so every key goes in.
    for (const key of namedKeys) if (!(key in out)) out[key] = valueOf(valueSchema, walk);
  } else if (valueSchema && Object.keys(properties).length === 0) {
    const count = walk.mode === 'short' || deep ? 0 : walk.mode === 'long' ? 1 : walk.rng.int(0, 2);
    for (let i = 0; i < count; i++) {
      const key = names ? String(valueOf(names, walk)) : walk.mode === 'random' ? `${walk.rng.pick(WORDS)}${i}` : `key${i}`;
      out[key] = valueOf(valueSchema, walk);
    }
  }
  for (const key of required) if (!(key in out)) out[key] = valueOf(valueSchema ?? {}, walk);
  return out;
}

function arrayValue(schema: Schema, walk: Walk): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]).filter(isSchema) : [];
  const items = isSchema(schema.items) ? schema.items : schema.items === false ? null : {};
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  let length: number;
  if (walk.mode === 'short' || walk.depth >= MAX_DEPTH) length = Math.max(min, prefix.length);
  else if (walk.mode === 'long') length = Math.min(max, Number.isFinite(max) ? 1000 : UNBOUNDED_ARRAY_LENGTH);
  else length = walk.rng.int(min, Math.max(min, Math.min(max, min + 3)));
  if (!items) length = Math.min(length, prefix.length);
  length = Math.max(length, Math.min(prefix.length, max));
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0, tries = 0; out.length < length && tries < length * 10 + 10; tries++) {
    const value = valueOf(i < prefix.length ? prefix[i]! : items ?? {}, walk);
    const key = JSON.stringify(value);
    // uniqueItems: redraw a duplicate (a long run of redraws gives up rather than loop forever).
    if (schema.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    out.push(value);
    i++;
  }
  return out;
}

function pickType(types: unknown, walk: Walk): string | null {
  if (typeof types === 'string') return types;
  if (!Array.isArray(types) || types.length === 0) return null;
  const real = types.filter((t) => t !== 'null');
  if (walk.mode !== 'random') return (real[0] ?? types[0]) as string;
  return (walk.rng.chance(0.1) || real.length === 0 ? walk.rng.pick(types) : walk.rng.pick(real)) as string;
}

function valueOf(raw: Schema, walk: Walk): unknown {
  const schema = flattenAllOf(deref(raw, walk.root), walk.root);
  const inner: Walk = { ...walk, depth: walk.depth + 1 };
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (walk.mode === 'short') return schema.enum[0];
    if (walk.mode === 'long') return schema.enum[schema.enum.length - 1];
    return walk.rng.pick(schema.enum);
  }
  const options = optionsOf(schema);
  if (options && options.length > 0) {
    const { oneOf: _o, anyOf: _a, ...shared } = schema;
    // Extremes take the first non-null option, so a nullable string is stretched rather than nulled.
    const nonNull = options.filter((o) => o.type !== 'null');
    const option = walk.mode === 'random' ? walk.rng.pick(options) : (nonNull[0] ?? options[0]!);
    return valueOf({ ...shared, ...option }, walk);
  }
  const type = pickType(schema.type, walk) ?? (isSchema(schema.properties) || isSchema(schema.additionalProperties) ? 'object' : isSchema(schema.items) ? 'array' : null);
  switch (type) {
    case 'string':
      return stringValue(schema, walk);
    case 'integer':
      return numberValue(schema, true, walk);
    case 'number':
      return numberValue(schema, false, walk);
    case 'boolean':
      return walk.mode === 'random' ? walk.rng.chance(0.5) : walk.mode === 'long';
    case 'null':
      return null;
    case 'object':
      return objectValue(schema, inner);
    case 'array':
      return arrayValue(schema, inner);
    default:
      // An unconstrained schema ({} or true) accepts anything; a word is the least surprising thing to send.
      return walk.mode === 'random' ? walk.rng.pick(WORDS) : '';
  }
}

/**
 * A sampler of random actions valid under the action schema: a union variant, then every field drawn within its
 * bounds (enums, consts, lengths, simple patterns, numeric ranges), optional fields included about half the time,
 * never a key the schema does not name. A pattern this module cannot parse is the only way a sample may be invalid.
 */
export function actionSampler(actionSchema: Record<string, unknown>, rng: Rng): () => unknown {
  const variants = schemaVariants(actionSchema);
  return () => valueOf(rng.pick(variants), { root: actionSchema, rng, mode: 'random', depth: 0 });
}

/**
 * Two boundary actions per variant, every optional field present: one with every string as short as the schema
 * allows (empty when it allows that) and numbers at their minimum, one with every string at its maxLength (10,000
 * characters when unbounded) and numbers at their maximum. Strings below minLength are left out on purpose: the
 * schema refuses them before any grader sees them, so they probe nothing. Duplicates (a field-less submit) appear once.
 */
export function extremeActions(actionSchema: Record<string, unknown>): unknown[] {
  // Extremes draw nothing at random (only an unparsed pattern's fallback might); a fixed generator keeps them stable.
  const walkRng = new Rng(0, 'extreme-actions');
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const variant of schemaVariants(actionSchema)) {
    for (const mode of ['short', 'long'] as const) {
      const action = valueOf(variant, { root: actionSchema, rng: walkRng, mode, depth: 0 });
      const key = JSON.stringify(action);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(action);
    }
  }
  return out;
}
