// `openenv-ts audit`: runs the adversarial panel on the manifest's tasks and compares with the known breaches.
import { parseArgs } from 'node:util';
import type { Environment } from '../../runtime/environment.js';
import { FULL_PANEL, REDUCED_PANEL, runPanel } from '../audit/panel.js';
import { breaches, formatPanel, reportV2 } from '../audit/report.js';
import { compareWithKnown, KNOWN_BREACHES_FILE, readKnownBreaches } from '../audit/known-breaches.js';

export async function auditCommand(env: Environment, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      reduced: { type: 'boolean', default: false },
      seeds: { type: 'string' },
      'train-seeds': { type: 'string' },
      task: { type: 'string', multiple: true },
      level: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'allow-known': { type: 'boolean', default: false },
    },
  });
  const base = values.reduced ? REDUCED_PANEL : FULL_PANEL;
  const count = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  for (const id of values.task ?? []) env.registry.get(id);
  let done = 0;
  const audits = await runPanel(env, {
    ...base,
    seeds: count('seeds', values.seeds, base.seeds),
    trainSeeds: count('train-seeds', values['train-seeds'], base.trainSeeds),
    tasks: values.task,
    levels: values.level,
    onProgress: (task, level, check) => {
      done += 1;
      process.stderr.write(`[audit ${done}] ${task} @ ${level}: ${check.check_id}${typeof check.measured.policy === 'string' ? ` (${check.measured.policy})` : ''} ${check.status} in ${check.duration_s} s\n`);
    },
  });
  process.stdout.write(values.json ? `${JSON.stringify(audits.map((a) => reportV2(env, a)), null, 2)}\n` : `${formatPanel(audits)}\n`);
  const found = breaches(audits);
  for (const line of found) process.stderr.write(`BREACH ${line}\n`);
  if (!values['allow-known']) return found.length > 0 ? 1 : 0;
  // Known breaches (audit.known-breaches.json beside the manifest, each with its issue) do not fail the run;
  // new ones do, and a listed breach that no longer occurs is reported so the list shrinks.
  const { unexpected, known, fixed } = compareWithKnown(audits, readKnownBreaches(env.loaded.dir));
  process.stderr.write(`${known.length} known breach(es) tolerated (${KNOWN_BREACHES_FILE})\n`);
  for (const line of fixed) process.stderr.write(`FIXED (remove it from ${KNOWN_BREACHES_FILE}): ${line}\n`);
  for (const line of unexpected) process.stderr.write(`NEW BREACH: ${line}\n`);
  return unexpected.length > 0 || fixed.length > 0 ? 1 : 0;
}
