// The grader audit passes a sound grader and flags one that a trivial policy can game.
import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { auditTask, formatAudit } from 'openenv-ts/audit';
import { readManifest, loadPlugins } from 'openenv-ts';
import { ECHO_MANIFEST, fixtureManifest } from './helpers/start-server.js';

describe('grader audit', () => {
  it('finds no problem in the echo example and reports every policy', async () => {
    const registry = await loadPlugins(readManifest(ECHO_MANIFEST), container.createChildContainer());
    const audit = await auditTask(registry.get('echo'), 10);
    expect(audit.problems).toEqual([]);
    expect(audit.policies.map((p) => p.policy)).toEqual(['reference-solver', 'submit-at-once', 'do-nothing', 'repeat-foreign-action', 'foreign-solution']);
    expect(audit.policies[0]!.mean).toBe(1);
    expect(formatAudit([audit])).toMatch(/^echo \(easy\), 10 seeds: OK/);
  });

  it('flags a grader that repeating one action maxes out', async () => {
    const registry = await loadPlugins(readManifest(fixtureManifest('faulty-plugin')), container.createChildContainer());
    const audit = await auditTask(registry.get('faulty'), 3);
    expect(audit.problems).toContain('trivial policy "repeat-foreign-action" reaches 1.000 (> 0.35)');
    expect(formatAudit([audit])).toContain('! trivial policy "repeat-foreign-action"');
  });
});
