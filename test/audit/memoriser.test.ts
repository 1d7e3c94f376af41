// The cross-seed memoriser replays training solutions onto new scenarios, and beats the pre-split triage generator.
import { describe, expect, it } from 'vitest';
import { CrossSeedMemoriser, type Demonstration, playMemoriser, trainingDemonstrations, partsOf, Perceptron } from 'openenv-ts/audit';
import type { WireObservation } from 'openenv-ts';
import { registeredTaskOf } from 'openenv-ts';
import { TicketTriageTask as TriageV1 } from '../fixtures/triage-v1/plugin.js';

function observation(prompt: string, data: unknown): WireObservation {
  return { task_id: 't', prompt, data, feedback: null, last_action_error: null, step_count: 0, max_steps: 20, corrections_left: null, score: null };
}

const KINDS = ['refund', 'crash', 'login'] as const;
const TEXT: Record<(typeof KINDS)[number], string> = {
  refund: 'I was charged twice and want my money back please',
  crash: 'the app crashes every time I open the settings screen',
  login: 'I cannot sign in since I reset my password yesterday',
};
const ROUTE = { refund: 'billing', crash: 'engineering', login: 'identity' } as const;

/** A toy inbox: items with an id and a text; the right action per item depends on its text and on the global mode. */
function toyDemo(seed: number, kinds: ReadonlyArray<(typeof KINDS)[number]>, mode: 'fast' | 'slow'): Demonstration {
  const items = kinds.map((kind, i) => ({ id: `IT-${seed * 10 + i}`, text: `${TEXT[kind]} (note ${seed})` }));
  const data = { settings: { mode }, items };
  const prompt = `Inbox ${seed} in ${mode} mode:\n${items.map((it) => `${it.id}: ${it.text}`).join('\n')}`;
  const actions = [
    ...items.map((it, i) => ({ type: 'route', item: it.id, queue: ROUTE[kinds[i]!], urgent: mode === 'fast' && kinds[i] !== 'refund' })),
    { type: 'submit' },
  ];
  return { observation: observation(prompt, data), actions };
}

describe('CrossSeedMemoriser on hand-made demonstrations', () => {
  const demos = Array.from({ length: 30 }, (_, s) => toyDemo(s, [KINDS[s % 3]!, KINDS[(s + 1) % 3]!, KINDS[(s + 2) % 3]!].slice(0, 2 + (s % 2)), s % 2 ? 'fast' : 'slow'));
  const memoriser = new CrossSeedMemoriser(demos);

  it('replays one anchored action per entity with the anchor replaced by the new entity id, then the unanchored submit', () => {
    const fresh = toyDemo(99, ['login', 'refund', 'crash', 'crash'], 'fast');
    expect(memoriser.plan(fresh.observation)).toEqual(fresh.actions);
  });

  it('conditions a field on a recurring global value (the mode) crossed with the predicted queue', () => {
    const slow = toyDemo(98, ['crash', 'login'], 'slow');
    expect(memoriser.plan(slow.observation)).toEqual(slow.actions);
  });

  it('moves observation values and template numbers of unanchored actions onto the new scenario', () => {
    const ask = (table: string, year: number, min: number): Demonstration => ({
      observation: observation(`Question: count ${table} orders of ${year} with at least ${min} items`, { table, question: `Count orders of ${year} with at least ${min} items.` }),
      actions: [{ type: 'query', sql: `SELECT * FROM ${table} LIMIT 5` }, { type: 'submit', sql: `SELECT COUNT(*) FROM ${table} WHERE year = ${year} AND items >= ${min}` }],
    });
    const sql = new CrossSeedMemoriser([ask('orders_a', 2021, 3), ask('orders_b', 2022, 4)]);
    expect(sql.plan(ask('orders_c', 2024, 7).observation)).toEqual(ask('orders_c', 2024, 7).actions);
  });

  it('plans nothing but the nearest scenario\'s free actions when there are no entities', () => {
    const plain = new CrossSeedMemoriser([{ observation: observation('say hello', { word: 'hello' }), actions: [{ type: 'say', text: 'hello' }] }]);
    expect(plain.plan(observation('say goodbye', { word: 'goodbye' }))).toEqual([{ type: 'say', text: 'goodbye' }]);
  });
});

describe('memoriser parts', () => {
  it('partsOf splits arrays of objects into blocks and keeps objects as lookup tables', () => {
    const parts = partsOf({ owners: { web: 'team_w' }, rows: [{ id: 1, area: 'web' }, { id: 2, area: 'api' }], tags: ['a', 'b'] });
    expect(parts.blocks.map((b) => [b.group, b.index, b.fields.get('area')])).toEqual([['rows', 0, 'web'], ['rows', 1, 'api']]);
    expect(parts.globals.get('owners.web')).toBe('team_w');
    expect(parts.globals.get('tags')).toBe('a, b');
    expect(parts.tables.get('owners')).toEqual({ web: 'team_w' });
  });

  it('the perceptron learns a rule that needs two features together', () => {
    const examples = [];
    for (let i = 0; i < 40; i++) {
      const a = i % 2 === 0;
      const b = i % 3 === 0;
      examples.push({ features: [`a=${a}`, `b=${b}`, `a=${a}&b=${b}`], label: a && b ? 'both' : 'not' });
    }
    const p = new Perceptron(examples);
    expect(p.predict(['a=true', 'b=true', 'a=true&b=true'])).toBe('both');
    expect(p.predict(['a=true', 'b=false', 'a=true&b=false'])).toBe('not');
  });
});

describe('CrossSeedMemoriser on triage-v1 (ticket-triage before splits)', () => {
  it('reaches a mean raw score of at least 0.9 on 30 test-split episodes after 200 train-split solutions', async () => {
    const task = registeredTaskOf(TriageV1);
    const memoriser = new CrossSeedMemoriser(await trainingDemonstrations(task, 200));
    const scores: number[] = [];
    for (let index = 0; index < 30; index++) scores.push((await playMemoriser(task, memoriser, { split: 'test', index })).rawScore);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect(mean).toBeGreaterThanOrEqual(0.9);
  });
});
