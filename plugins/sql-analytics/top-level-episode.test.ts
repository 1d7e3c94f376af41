// The top level's episode rules: several questions answered in one submit and graded as the mean, nothing about
// correctness before that submit, and a result window that packing a table into one cell does not get around.
import { describe, expect, it } from 'vitest';
import { Episode, registeredTaskOf, scenarioFor } from 'openenv-ts';
import { SqlAnalyticsTask } from './plugin.js';
import { fitResultWindow } from './result-window.js';
import type { SqlScenario } from './types.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const TOP = { level: 'spider2', split: 'test' } as const;

interface TopData {
  questions: { number: number; question: string; output_columns: string[] }[];
  last_result: { rows: unknown[][]; cut_to_window: boolean; row_count: number } | null;
  limits: { page_chars: number; queries_left: number };
}

const shownChars = (rows: readonly (readonly unknown[])[]) => rows.flat().reduce<number>((n, v) => n + (v === null ? 4 : String(v).length), 0);

describe('sql-analytics top level: questions, submit and result window', () => {
  it('the result window cuts text and rows to its size, and never cuts at the default', () => {
    const long = 'x'.repeat(5000);
    const one = fitResultWindow(['packed'], [[long]], 1500);
    expect(one.cut).toBe(true);
    expect(shownChars(one.rows)).toBeLessThanOrEqual(1500);
    const many = fitResultWindow(['id', 'text'], Array.from({ length: 40 }, (_, i) => [i, `row ${i} `.repeat(10)]), 1500);
    expect(many.cut).toBe(true);
    expect(many.rows.length).toBeLessThan(40);
    expect(shownChars(many.rows)).toBeLessThanOrEqual(1500);
    const all = fitResultWindow(['id', 'text'], Array.from({ length: 40 }, (_, i) => [i, `row ${i}`]), 100_000);
    expect(all).toEqual({ rows: Array.from({ length: 40 }, (_, i) => [i, `row ${i}`]), cut: false });
  });

  it('the whole dictionary packed into one cell shows no more than the window', async () => {
    const scenario = (await scenarioFor(task, 4, undefined, TOP)) as SqlScenario;
    const dictionary = scenario.tables.find((t) => t.name === scenario.dictionaryTable)!;
    const episode = await Episode.start(task, { seed: 4, ...TOP });
    // Cells are cut at 500 characters anyway, so the packing spreads the text over twenty columns of one row.
    const slices = Array.from({ length: 20 }, (_, i) => `substr(g, ${i * 500 + 1}, 500) AS part${i}`).join(', ');
    const step = await episode.step({ type: 'query', sql: `SELECT ${slices} FROM (SELECT group_concat(${dictionary.columns[2]!.name}, ' | ') AS g FROM ${dictionary.name})` });
    const data = step.observation.data as TopData;
    expect(data.last_result!.cut_to_window).toBe(true);
    expect(shownChars(data.last_result!.rows)).toBeLessThanOrEqual(data.limits.page_chars);
    expect(step.observation.prompt).toContain('cut to the 1500-character window');
    episode.dispose();
  });

  it('four questions about four areas; a submit must answer all of them, in one action', async () => {
    const scenario = (await scenarioFor(task, 2, undefined, TOP)) as SqlScenario;
    expect(scenario.questions).toHaveLength(4);
    expect(new Set(scenario.questions.map((q) => q.templateId.split('/')[0])).size).toBe(4);
    const episode = await Episode.start(task, { seed: 2, ...TOP });
    const data = episode.observation().data as TopData;
    expect(data.questions.map((q) => q.question)).toEqual(scenario.questions.map((q) => q.text));
    expect(episode.observation().prompt).toContain('QUESTION 4');

    const single = await episode.step({ type: 'submit', sql: scenario.question.goldSql });
    expect(single.done).toBe(false);
    expect(single.observation.last_action_error).toMatch(/asks 4 questions/);
    const three = await episode.step({ type: 'submit', answers: scenario.questions.slice(0, 3).map((q) => q.goldSql) });
    expect(three.done).toBe(false);
    expect(three.observation.last_action_error).toMatch(/you gave 3/);
    episode.dispose();
  });

  it('nothing before the submit says whether a candidate answer is right; the grade is the mean of the answers', async () => {
    const scenario = (await scenarioFor(task, 5, undefined, TOP)) as SqlScenario;
    const episode = await Episode.start(task, { seed: 5, ...TOP, rewardMode: 'dense' });
    // Running the gold query of question 1 as an exploratory query: the reward is the shaping of reading tables only.
    const right = await episode.step({ type: 'query', sql: scenario.questions[0]!.goldSql });
    expect(right.observation.feedback).not.toMatch(/score|correct|match/i);
    expect(episode.grade().raw).toBe(0);
    expect(right.reward_components?.grade ?? 0).toBe(0);

    const answers = scenario.questions.map((q, i) => (i < 2 ? q.goldSql : `SELECT ${q.columns.map((c) => `0 AS ${c}`).join(', ')}`));
    const end = await episode.step({ type: 'submit', answers });
    expect(end.done).toBe(true);
    const grade = episode.grade();
    const perAnswer = (grade.breakdown.answers as { score: number }[]).map((a) => a.score);
    expect(perAnswer.slice(0, 2)).toEqual([1, 1]);
    expect(Math.max(...perAnswer.slice(2))).toBeLessThan(0.35);
    expect(grade.raw).toBeCloseTo(perAnswer.reduce((a, b) => a + b, 0) / 4, 5);
    expect(end.observation.feedback).toMatch(/mean of 4 answers/);
    episode.dispose();
  });
});
