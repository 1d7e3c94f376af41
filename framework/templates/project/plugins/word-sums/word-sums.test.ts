// The word-sums plugin: the reference solver is right at every level and split, wrong or no answers earn nothing, seeds decide the story.
import { describe, expect, it } from 'vitest';
import { levelsOf, splitsOf } from 'openenv-ts';
import { registeredTaskOf, runPolicy, runReferenceSolver } from 'openenv-ts/testing';
import { WordSumsTask } from './plugin.js';

const task = registeredTaskOf(WordSumsTask);

/** The number the story's sentences add up to, read from the prompt alone (what an agent sees). */
function countFromPrompt(prompt: string): number {
  const sentences = prompt.split('\n\n')[1]!.split(/(?<=[.?])\s+/);
  let count = Number(/\d+/.exec(sentences[0]!)![0]);
  for (const sentence of sentences.slice(1, -1)) {
    const amount = Number(/\b\d+\b(?= (?:more |new |young |winter |of the |packets|paperbacks|rolls|printers|apples|fans))/.exec(sentence)?.[0]);
    const leaves = /\b(sells|borrow|bought|ships|takes|fit|mails|leave)\b/.test(sentence);
    count += leaves ? -amount : amount;
  }
  return count;
}

describe('word-sums plugin', () => {
  it('declares two levels and serves train and test', () => {
    expect(levelsOf(task.plugin).map((l) => l.name)).toEqual(['one-event', 'three-events']);
    expect(splitsOf(task.plugin)).toEqual(['train', 'test']);
  });

  it('the reference solver scores 1 at every level and split', async () => {
    for (const level of levelsOf(task.plugin)) {
      for (const split of splitsOf(task.plugin)) {
        for (let seed = 0; seed < 10; seed++) {
          expect((await runReferenceSolver(task, seed, undefined, { level: level.name, split })).rawScore).toBe(1);
        }
      }
    }
  });

  it('the answer is derivable from the prompt: counting the story reaches the grade the solver reaches', async () => {
    for (let seed = 0; seed < 10; seed++) {
      const outcome = await runPolicy(task, seed, (obs) => ({ type: 'answer', value: countFromPrompt(obs.prompt) }), { level: 'three-events' });
      expect(outcome.rawScore).toBe(1);
    }
  });

  it('a wrong answer, or none, scores 0', async () => {
    const reference = await runReferenceSolver(task, 4);
    const answer = (reference.episode.actions[0] as { value: number }).value;
    expect((await runPolicy(task, 4, (_obs, i) => (i === 0 ? { type: 'answer', value: answer + 1 } : null))).rawScore).toBe(0);
    expect((await runPolicy(task, 4, () => null)).rawScore).toBe(0);
  });

  it('the same seed tells the same story and another seed a different one', async () => {
    const a = await runPolicy(task, 11, () => null);
    const b = await runPolicy(task, 11, () => null);
    const c = await runPolicy(task, 12, () => null);
    expect(a.episode.observation().prompt).toBe(b.episode.observation().prompt);
    expect(a.episode.observation().prompt).not.toBe(c.episode.observation().prompt);
  });
});
