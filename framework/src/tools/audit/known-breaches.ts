// Breaches an environment knows of and has an issue for: listed so CI holds the line without hiding them.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LevelAudit } from './panel.js';

export const KNOWN_BREACHES_FILE = 'audit.known-breaches.json';

const knownSchema = z.strictObject({
  $comment: z.string().optional(),
  breaches: z.array(
    z.strictObject({
      task: z.string().min(1),
      level: z.string().min(1),
      check: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
      issue: z.string().min(1).describe('Where the fix is tracked'),
      measured: z.string().min(1).describe('What the panel measured when the breach was listed'),
    }),
  ),
});
export type KnownBreaches = z.infer<typeof knownSchema>;

/** Reads the list beside the manifest (an absent file lists nothing); a malformed one is an error naming the file. */
export function readKnownBreaches(dir: string): KnownBreaches {
  const file = path.join(dir, KNOWN_BREACHES_FILE);
  if (!existsSync(file)) return { breaches: [] };
  const parsed = knownSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

const keyOf = (task: string, level: string, check: string) => `${task} @ ${level}: ${check}`;

/**
 * Splits the panel's failures into known ones and new ones, and lists known breaches that no longer occur (the
 * list only shrinks: a fixed breach must leave it, so it cannot come back unnoticed).
 */
export function compareWithKnown(audits: readonly LevelAudit[], known: KnownBreaches) {
  const listed = new Set(known.breaches.map((b) => keyOf(b.task, b.level, b.check)));
  const failing = new Set<string>();
  for (const audit of audits) {
    for (const r of audit.results) if (r.status === 'fail' || r.status === 'error') failing.add(keyOf(audit.task, audit.level, r.check_id));
  }
  const audited = new Set(audits.map((a) => `${a.task} @ ${a.level}`));
  return {
    unexpected: [...failing].filter((k) => !listed.has(k)),
    known: [...failing].filter((k) => listed.has(k)),
    fixed: [...listed].filter((k) => audited.has(k.slice(0, k.indexOf(':'))) && !failing.has(k)),
  };
}
