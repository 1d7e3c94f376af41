// Limits on what a client sends (JSON nesting, names) and bounded excerpts of it for error replies.

/**
 * Deepest JSON nesting a body or frame may have. JSON.parse handles any depth, but JSON.stringify, zod and
 * plugin code recurse and overflow the stack near 5,000 levels; no honest action nests past a few levels.
 */
export const MAX_JSON_DEPTH = 64;

/** Longest task id; longer names are refused before the "did you mean" search (its cost grows with the name). */
export const MAX_TASK_ID_LENGTH = 128;

/** Longest text quoted back from the client's input in an error reply. */
export const EXCERPT_MAX_CHARS = 200;
/** Nesting quoted back from the client's input; deeper parts are summarised. */
export const EXCERPT_MAX_DEPTH = 3;
/** Array items and object keys quoted back per level. */
export const EXCERPT_MAX_ITEMS = 10;
/** Longest message in an error reply (messages may name what the client sent). */
export const MESSAGE_MAX_CHARS = 2000;

/** Text cut to `max` characters, saying how much was left out. */
export function clipText(text: string, max = EXCERPT_MAX_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

/**
 * A bounded copy of client input for an error detail: strings clipped, at most EXCERPT_MAX_ITEMS items or
 * keys per level, nothing below EXCERPT_MAX_DEPTH. A reply's size never grows with the input's size.
 */
export function excerpt(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clipText(value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return clipText(String(value));
  if (Array.isArray(value)) {
    if (depth >= EXCERPT_MAX_DEPTH) return `(array of ${value.length} items)`;
    const items = value.slice(0, EXCERPT_MAX_ITEMS).map((item) => excerpt(item, depth + 1));
    if (value.length > EXCERPT_MAX_ITEMS) items.push(`(${value.length - EXCERPT_MAX_ITEMS} more items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  let total = 0;
  // for...in stops early without building the list of every key of a huge object
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    total += 1;
    if (count >= EXCERPT_MAX_ITEMS) continue;
    if (depth >= EXCERPT_MAX_DEPTH) continue;
    count += 1;
    out[clipText(key, 64)] = excerpt((value as Record<string, unknown>)[key], depth + 1);
  }
  if (depth >= EXCERPT_MAX_DEPTH) return `(object with ${total} keys)`;
  if (total > count) out['...'] = `(${total - count} more keys)`;
  return out;
}

/** A path (`loc`) with every key clipped, so a huge unknown key is named without being copied. */
export function clipPath(path: readonly (string | number)[], maxKeyChars = 64): (string | number)[] {
  return path.slice(0, MAX_JSON_DEPTH).map((p) => (typeof p === 'string' ? clipText(p, maxKeyChars) : p));
}

/** Whether a parsed JSON value nests deeper than `max` (walked without recursion, stopping at the first too-deep part). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

export type JsonReading = { ok: true; value: unknown } | { ok: false; kind: 'invalid_json' | 'too_deep'; message: string };

/** Parses a body or frame and refuses nesting past MAX_JSON_DEPTH, before any other code sees the value. */
export function readJson(text: string): JsonReading {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, kind: 'invalid_json', message: clipText((err as Error).message) };
  }
  if (nestsDeeperThan(value)) {
    return { ok: false, kind: 'too_deep', message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return { ok: true, value };
}
