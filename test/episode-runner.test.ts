// The episode runner: determinism under a seed, score bounds, penalties, step limit and dense reward.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPISODE_POLICY, Episode, playEpisode, scenarioFor, reportScore, DEFAULT_SCORE_BOUNDS, Rng, registeredTaskOf } from 'openenv-ts';
import { EchoTask } from '../plugins/echo/plugin.js';

const echo = registeredTaskOf(EchoTask);

describe('score bounds policy', () => {
  it('reports raw 0 and raw 1 inside the bounds, and they survive 3-decimal printing', () => {
    expect(reportScore(0)).toBe(0.001);
    expect(reportScore(1)).toBe(0.999);
    expect(reportScore(0).toFixed(3)).toBe('0.001');
    expect(reportScore(1).toFixed(3)).toBe('0.999');
    expect(reportScore(0.42)).toBe(0.42);
    expect(reportScore(Number.NaN)).toBe(DEFAULT_SCORE_BOUNDS.min);
    expect(reportScore(1, { min: 0.01, max: 0.99 })).toBe(0.99);
  });

  it('an episode graded 0 and one graded 1 both report inside the bounds in state', async () => {
    const zero = await playEpisode(echo, { seed: 1, actions: [{ type: 'submit' }] });
    expect(zero.episode.stateView()).toMatchObject({ raw_score: 0, score: 0.001, done: true });
    const scenario = (await scenarioFor(echo, 1)) as { target: string };
    const one = await playEpisode(echo, { seed: 1, actions: echo.plugin.solve(scenario) as unknown[] });
    expect(one.episode.stateView()).toMatchObject({ raw_score: 1, score: 0.999, done: true });
  });
});

describe('determinism', () => {
  it('the same task and seed give identical observations, rewards and score', async () => {
    const actions = [{ type: 'say', text: 'amber river' }, { type: 'say', text: 'amber river' }, { type: 'submit' }];
    const a = await playEpisode(echo, { seed: 77, actions });
    const b = await playEpisode(echo, { seed: 77, actions });
    expect(a.rewards).toEqual(b.rewards);
    expect(a.episode.observation()).toEqual(b.episode.observation());
    expect(a.episode.grade()).toEqual(b.episode.grade());
    const c = await Episode.start(echo, { seed: 78 });
    expect(c.observation().prompt).not.toBe(a.episode.observation().prompt);
  });

  it('Rng streams depend only on seed and label', () => {
    const draw = (seed: number, label: string) => {
      const rng = new Rng(seed, label);
      return Array.from({ length: 5 }, () => rng.int(0, 1000));
    };
    expect(draw(5, 'x')).toEqual(draw(5, 'x'));
    expect(draw(5, 'x')).not.toEqual(draw(6, 'x'));
    expect(draw(5, 'x')).not.toEqual(draw(5, 'y'));
    expect(() => new Rng(-1)).toThrow(/non-negative/);
  });
});

describe('reward and limits', () => {
  it('rewards are the grade change minus penalties, so they sum to the final grade without penalties', async () => {
    const scenario = (await scenarioFor(echo, 4)) as { target: string };
    const words = scenario.target.split(' ');
    const run = await playEpisode(echo, { seed: 4, actions: [{ type: 'say', text: words[0] }, { type: 'say', text: scenario.target }, { type: 'submit' }] });
    const sum = run.rewards.reduce((x, y) => x + y, 0);
    expect(sum).toBeCloseTo(run.episode.grade().raw, 6);
  });

  it('repeating an identical action (even with keys reordered) costs the repeat penalty every time', async () => {
    const run = await playEpisode(echo, { seed: 4, actions: [{ type: 'say', text: 'x' }, { text: 'x', type: 'say' }, { type: 'say', text: 'x' }] });
    expect(run.rewards[1]).toBe(-DEFAULT_EPISODE_POLICY.repeatActionPenalty);
    expect(run.rewards[2]).toBe(-DEFAULT_EPISODE_POLICY.repeatActionPenalty);
  });

  it('the episode ends at max steps, keeping its partial grade, and refuses further steps', async () => {
    const actions = Array.from({ length: 10 }, (_, i) => ({ type: 'say', text: `word${i}` }));
    const run = await playEpisode(echo, { seed: 4, actions });
    expect(run.rewards).toHaveLength(echo.metadata.maxSteps);
    expect(run.episode.stateView()).toMatchObject({ done: true, truncated: true, step_count: 5 });
    await expect(run.episode.step({ type: 'submit' })).rejects.toThrow(/is over after 5 steps/);
  });

  it('a schema-invalid action is refused and does not count as a step', async () => {
    const episode = await Episode.start(echo, { seed: 1 });
    await expect(episode.step({ type: 'say' })).rejects.toMatchObject({ code: 'INVALID_ACTION' });
    await expect(episode.step({ type: 'say', text: 'a', extra: 1 })).rejects.toThrow(/unknown field "extra"/);
    expect(episode.stateView().step_count).toBe(0);
    // metadata, as the Python client adds it, is ignored
    await episode.step({ type: 'say', text: 'a', metadata: {} });
    expect(episode.stateView().step_count).toBe(1);
  });

  it('an unknown config knob is refused naming it', async () => {
    await expect(Episode.start(echo, { seed: 1, config: { max_wordz: 3 } })).rejects.toThrow(/config.*max_wordz/);
    const easy = await Episode.start(echo, { seed: 1, config: { min_words: 1, max_words: 1 } });
    expect((easy.observation().data as { target: string }).target.split(' ')).toHaveLength(1);
  });
});
