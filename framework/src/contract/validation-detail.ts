// Turns zod issues into the FastAPI-style 422 detail list the OpenEnv wire contract uses.
import type { z } from 'zod';
import { clipPath, clipText, excerpt } from './input-bounds.js';

/** Detail entries listed at most; the rest are counted in one closing entry (a body may break thousands of rules). */
export const MAX_DETAIL_ENTRIES = 20;

export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The detail list as one readable sentence for error messages: "text: Field required; extra: ...". */
export function summarizeDetail(detail: readonly ValidationDetail[], whole = 'body'): string {
  return detail.map((d) => `${d.loc.join('.') || whole}: ${d.msg}`).join('; ');
}

/**
 * One detail entry per issue; unknown keys get one entry per key so the message names it. Keys, messages
 * and quoted input are bounded excerpts, so a reply never copies (or recurses through) what was sent.
 */
export function validationDetail(error: z.ZodError, input: unknown, prefix: (string | number)[]): ValidationDetail[] {
  const detail = rawDetail(error, input, prefix);
  const bounded = detail.slice(0, MAX_DETAIL_ENTRIES).map((d) => ({ type: d.type, loc: clipPath(d.loc), msg: clipText(d.msg), input: excerpt(d.input) }));
  if (detail.length > MAX_DETAIL_ENTRIES) {
    bounded.push({ type: 'too_many_errors', loc: [...prefix], msg: `${detail.length - MAX_DETAIL_ENTRIES} more problems not listed`, input: null });
  }
  return bounded;
}

function rawDetail(error: z.ZodError, input: unknown, prefix: (string | number)[]): ValidationDetail[] {
  const detail: ValidationDetail[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        detail.push({ type: 'extra_forbidden', loc: [...prefix, ...path, key], msg: `unknown field "${clipText(key, 64)}" is not allowed`, input: valueAt(input, [...path, key]) ?? null });
      }
      continue;
    }
    const value = valueAt(input, path);
    if (issue.code === 'invalid_type' && value === undefined) {
      detail.push({ type: 'missing', loc: [...prefix, ...path], msg: 'Field required', input: null });
      continue;
    }
    detail.push({ type: issue.code, loc: [...prefix, ...path], msg: issue.message, input: value ?? null });
  }
  return detail;
}
