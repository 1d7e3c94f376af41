// Echo plugin: the reference solver tops the grade, trivial policies do not, and seeds decide the phrase.
import { describe, expect, it } from 'vitest';
import { registeredTaskOf, runPolicy, runReferenceSolver } from 'openenv-ts';
import { EchoTask } from './plugin.js';

const task = registeredTaskOf(EchoTask);

describe('echo plugin', () => {
  it('reference solver scores 1 on every seed', async () => {
    for (let seed = 0; seed < 20; seed++) {
      expect((await runReferenceSolver(task, seed)).rawScore).toBe(1);
    }
  });

  it('submitting at once scores 0 and is reported inside the bounds', async () => {
    const outcome = await runPolicy(task, 3, () => ({ type: 'submit' }));
    expect(outcome.rawScore).toBe(0);
    expect(outcome.reportedScore).toBe(0.001);
  });

  it('gives partial credit for half the phrase and sums rewards to the grade', async () => {
    const outcome = await runPolicy(task, 7, (obs, i) => {
      const target = (obs.data as { target: string }).target.split(' ');
      return i === 0 ? { type: 'say', text: target.slice(0, Math.ceil(target.length / 2)).join(' ') } : { type: 'submit' };
    });
    expect(outcome.rawScore).toBeGreaterThan(0.3);
    expect(outcome.rawScore).toBeLessThan(1);
    expect(outcome.rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(outcome.rawScore, 5);
  });

  it('the same seed gives the same phrase and different seeds differ', async () => {
    const a = await runPolicy(task, 11, () => null);
    const b = await runPolicy(task, 11, () => null);
    const c = await runPolicy(task, 12, () => null);
    expect(a.episode.observation().prompt).toBe(b.episode.observation().prompt);
    expect(a.episode.observation().prompt).not.toBe(c.episode.observation().prompt);
  });
});
