// CI's reduced audit panel over every served task and level: no breach beyond the known ones, and none of those fixed unnoticed.
import { describe, expect, it } from 'vitest';
import { createEnvironment, levelsOf } from 'openenv-ts';
import { REDUCED_PANEL, runPanel, compareWithKnown, readKnownBreaches } from 'openenv-ts/audit';
import { DEFAULT_MANIFEST } from '../helpers/start-server.js';

describe('the reduced audit panel on the served environment', () => {
  // The panel plays every policy at every level of five tasks (7 minutes or more on two loaded cores); the limit only stops a hang.
  it('runs every check at every level; the reference solver passes everywhere; breaches are exactly the known ones', { timeout: 1_200_000 }, async () => {
    const env = await createEnvironment({ manifestPath: DEFAULT_MANIFEST, env: {} });
    const audits = await runPanel(env, REDUCED_PANEL);
    const levels = env.registry.list().reduce((n, task) => n + levelsOf(task.plugin).length, 0);
    expect(audits).toHaveLength(levels);
    for (const audit of audits) {
      const oracle = audit.results.find((r) => r.check_id === 'semantic.oracle_max');
      expect(oracle?.status, `${audit.task} @ ${audit.level}`).toBe('pass');
      expect(audit.results.filter((r) => r.status === 'error'), `${audit.task} @ ${audit.level}`).toEqual([]);
    }
    const { unexpected, fixed } = compareWithKnown(audits, readKnownBreaches(env.loaded.dir));
    expect(unexpected, 'new breaches: fix them, or list them with their issue in audit.known-breaches.json').toEqual([]);
    expect(fixed, 'breaches that no longer occur: remove them from audit.known-breaches.json').toEqual([]);
  });
});
