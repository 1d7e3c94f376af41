// Canonical JSON (sorted keys) and content digests: equal values give equal text in every process.
import { createHash } from 'node:crypto';

/** Whether an array holds no objects but arrays: then the native serializer writes exactly what canonicalJson would. */
function onlyArraysAndPrimitives(items: readonly unknown[]): boolean {
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    if (!Array.isArray(item)) return false;
    // A row: its cells are checked here rather than by a call each (tables have tens of thousands of them).
    for (const cell of item) if (cell !== null && typeof cell === 'object' && !(Array.isArray(cell) && onlyArraysAndPrimitives(cell))) return false;
  }
  return true;
}

/** JSON with sorted keys, so two equal values compare equal whatever their key order. Undefined fields are dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // Generated rows are arrays of arrays of primitives: serializing them natively makes a scenario's digest
    // several times cheaper, and every reset computes one.
    if (onlyArraysAndPrimitives(value)) return JSON.stringify(value);
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** "sha256:<hex>" of a value's canonical JSON. */
export function contentDigest(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}
