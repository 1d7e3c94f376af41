// The top level's hidden instances (Spider's test-suite grading): same schema and documentation, other rows; an answer's credit is its lowest score over all instances.
import { describe, expect, it } from 'vitest';
import { Episode, Rng, registeredTaskOf, scenarioFor } from 'openenv-ts';
import { buildHiddenTables, documentationMismatch, instanceWorld } from './hidden-instances.js';
import { FIT_ASPECTS } from './measures.js';
import { SqlAnalyticsTask } from './plugin.js';
import { renderWarehouse } from './warehouse-schema.js';
import type { SqlScenario } from './types.js';
import type { LogicalTable, World } from './warehouse-model.js';

const task = registeredTaskOf(SqlAnalyticsTask);
const TOP = { level: 'spider2', split: 'test' } as const;
const FACT_TABLES = ['order', 'invoice', 'ticket', 'claim', 'shipment', 'spend'];

interface AnswerGrade {
  score: number;
  visible_score: number;
  hidden_scores: number[];
}

async function topScenario(seed: number): Promise<SqlScenario> {
  return (await scenarioFor(task, seed, undefined, TOP)) as SqlScenario;
}

/** Plays one top-level episode that submits `answers(scenario)` at once; returns the raw score, per-answer grades and the feedback. */
async function submitOnce(seed: number, answers: (s: SqlScenario) => string[]): Promise<{ raw: number; answers: AnswerGrade[]; feedback: string }> {
  const scenario = await topScenario(seed);
  const episode = await Episode.start(task, { seed, ...TOP });
  const end = await episode.step({ type: 'submit', answers: answers(scenario) });
  const grade = episode.grade();
  episode.dispose();
  return { raw: grade.raw, answers: grade.breakdown.answers as AnswerGrade[], feedback: end.observation.feedback ?? '' };
}

const table = (world: World, key: string): LogicalTable => world.tables.find((t) => t.key === key)!;
const columnDoc = (world: World, tableKey: string, columnKey: string): string => table(world, tableKey).columns.find((c) => c.key === columnKey)!.doc;
const glossary = (world: World, term: string): string => world.glossary.find((g) => g.term === term)!.definition;
const dictionaryText = (scenario: SqlScenario): string => JSON.stringify(scenario.tables.find((t) => t.name === scenario.dictionaryTable)!.rows);

describe('sql-analytics top level: hidden instances', () => {
  it('hidden instances share the schema, dictionary and glossary with the visible one and differ in their rows', async () => {
    for (const seed of [0, 1, 2]) {
      const scenario = await topScenario(seed);
      const recipe = scenario.hiddenRecipe!;
      expect(recipe.count).toBe(3);
      // Instance 0 of the recipe is the visible warehouse itself, so the recipe regenerates what the agent sees.
      const visible = renderWarehouse(new Rng(recipe.schema.seed, recipe.schema.label), instanceWorld(recipe, 0), recipe.naming, recipe.noiseTables).tables;
      expect(JSON.stringify(visible)).toBe(JSON.stringify(scenario.tables));
      for (let k = 1; k <= recipe.count; k++) {
        const hidden = buildHiddenTables(recipe, k);
        expect(documentationMismatch(scenario.tables, hidden, scenario.dictionaryTable, scenario.glossaryTable)).toBeNull();
        const changed = hidden.filter((t, i) => JSON.stringify(t.rows) !== JSON.stringify(scenario.tables[i]!.rows)).length;
        expect(changed).toBeGreaterThan(20);
      }
    }
  });

  it('every edge case a hidden instance exercises is documented, and the visible rows need not show it', async () => {
    const found = { withheldStatus: 0, withheldNull: 0, reloadIdOrder: 0, resentDeletion: 0, internalMembers: 0, testCampaigns: 0, fiscalStart: 0, siteIds: 0, quoteBasis: 0 };
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const scenario = await topScenario(seed);
      const recipe = scenario.hiddenRecipe!;
      const dictionary = dictionaryText(scenario);
      const visible = instanceWorld(recipe, 0);
      const hidden = [1, 2, 3].map((k) => instanceWorld(recipe, k));
      const documented = (text: string) => expect(dictionary).toContain(JSON.stringify(text).slice(1, -1));

      // A status meaning the visible rows never use: its code is listed in the dictionary, the hidden rows use it.
      for (const key of FACT_TABLES) {
        const meaning = visible.withheldStatuses[key];
        if (!meaning) continue;
        const code = visible.codes[key]![meaning]!;
        expect(columnDoc(visible, key, 'status')).toContain(`${code} = ${meaning}`);
        documented(columnDoc(visible, key, 'status'));
        expect(table(visible, key).rows.some((r) => r.status === code)).toBe(false);
        if (hidden.some((w) => table(w, key).rows.some((r) => r.status === code))) found.withheldStatus += 1;
      }
      // A nullable amount with no NULL in the visible rows: the dictionary says what NULL means, the hidden rows have NULLs.
      const [nullTable, nullColumn] = visible.withheldNull!.split('.') as [string, string];
      expect(columnDoc(visible, nullTable, nullColumn)).toMatch(/NULL = /);
      documented(columnDoc(visible, nullTable, nullColumn));
      expect(table(visible, nullTable).rows.some((r) => r[nullColumn] === null)).toBe(false);
      if (hidden.every((w) => table(w, nullTable).rows.some((r) => r[nullColumn] === null))) found.withheldNull += 1;
      // Several reloads whose highest row id is not the latest load: the load-time line says the latest load wins.
      expect(columnDoc(visible, 'order', 'load')).toMatch(/latest load time of a document number replaces every earlier load/);
      documented(columnDoc(visible, 'order', 'load'));
      // A deletion re-sent by the source: the latest load is deleted while an earlier one is live. The load-time
      // line says the latest load replaces the earlier ones, the deletion line says deleted rows never count.
      expect(columnDoc(visible, 'order', 'deleted')).toMatch(/deleted in the source system/);
      const resentDeletions = (w: World) =>
        FACT_TABLES.reduce((n, key) => {
          const loads = new Map<string, { load: string; deleted: boolean }[]>();
          for (const r of table(w, key).rows) loads.set(String(r.doc), [...(loads.get(String(r.doc)) ?? []), { load: String(r.load), deleted: r.deleted !== null && r.deleted !== 0 }]);
          return n + [...loads.values()].filter((l) => l.length > 1 && l.reduce((a, b) => (b.load > a.load ? b : a)).deleted && l.some((x) => !x.deleted)).length;
        }, 0);
      expect(resentDeletions(visible)).toBe(0);
      if (hidden.every((w) => resentDeletions(w) > 0)) found.resentDeletion += 1;
      for (const w of hidden) {
        for (const key of FACT_TABLES) {
          const byDoc = new Map<string, { id: number; load: string }[]>();
          for (const r of table(w, key).rows) byDoc.set(String(r.doc), [...(byDoc.get(String(r.doc)) ?? []), { id: Number(r.id), load: String(r.load) }]);
          for (const loads of byDoc.values()) {
            const latest = loads.reduce((a, b) => (b.load > a.load ? b : a));
            if (loads.length > 2 && Math.max(...loads.map((l) => l.id)) !== latest.id) found.reloadIdOrder += 1;
          }
        }
      }
      // Other internal accounts and test campaigns: the class and type lines say which code marks them.
      expect(columnDoc(visible, 'customer', 'class')).toContain(`${visible.internalClass} = internal`);
      expect(columnDoc(visible, 'campaign', 'type')).toContain(`${visible.testCampaignType} = internal test`);
      documented(columnDoc(visible, 'customer', 'class'));
      const internalKeys = (w: World) => JSON.stringify(table(w, 'customer').rows.filter((r) => r.class === w.internalClass).map((r) => r.key));
      if (hidden.every((w) => internalKeys(w) !== internalKeys(visible))) found.internalMembers += 1;
      const testIds = (w: World) => JSON.stringify(table(w, 'campaign').rows.filter((r) => r.type === w.testCampaignType).map((r) => r.id));
      if (hidden.some((w) => testIds(w) !== testIds(visible))) found.testCampaigns += 1;
      // Another fiscal calendar: the glossary says to use the calendar table, and its first hidden instance moves the year's first month.
      expect(glossary(visible, 'Fiscal year')).toMatch(/use the fiscal calendar table/);
      if (hidden[0]!.fiscalStartMonth !== visible.fiscalStartMonth) found.fiscalStart += 1;
      // Other site ids: the offset is a column of the site's row, and the glossary says to add the site's offset.
      expect(columnDoc(visible, 'site', 'offset')).toMatch(/Minutes east of UTC/);
      expect(glossary(visible, 'Business date')).toMatch(/add the site offset/);
      const siteIds = (w: World) => JSON.stringify(table(w, 'site').rows.map((r) => [r.id, r.name]));
      if (hidden.every((w) => siteIds(w) !== siteIds(visible))) found.siteIds += 1;
      // Other currencies quoted indirectly: the basis line says how each row is quoted.
      expect(columnDoc(visible, 'fx', 'basis')).toMatch(/'I' = indirect/);
      expect(glossary(visible, 'Reporting currency')).toMatch(/latest rate published on or before that date/);
      const indirect = (w: World) => JSON.stringify([...new Set(table(w, 'fx').rows.filter((r) => r.basis === 'I').map((r) => r.ccy))].sort());
      if (hidden.some((w) => indirect(w) !== indirect(visible))) found.quoteBasis += 1;

      // The prompt says plainly that answers run on other instances, what holds there, and that no signal comes before the submit.
      const episode = await Episode.start(task, { seed, ...TOP });
      const prompt = episode.observation().prompt;
      episode.dispose();
      expect(prompt).toContain('Each answer is also run on 3 other instances of this warehouse');
      expect(prompt).toContain('What the dictionary and glossary state holds in every instance');
      expect(prompt).toContain('Nothing tells you whether an answer is right before the submit');
    }
    for (const [edge, count] of Object.entries(found)) expect(count, edge).toBeGreaterThan(0);
    expect(found.fiscalStart).toBe(6);
  });

  it('the gold answers, written from the documentation, are right on the visible and every hidden instance', async () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const result = await submitOnce(seed, (s) => s.questions.map((q) => q.goldSql));
      expect(result.raw).toBe(1);
      for (const answer of result.answers) expect([answer.visible_score, ...answer.hidden_scores]).toEqual([1, 1, 1, 1]);
      expect(result.feedback).toMatch(/the lowest of 4 instances \(visible 1\.000, hidden 1 1\.000, hidden 2 1\.000, hidden 3 1\.000\)/);
    }
  }, 120_000);

  it('informed naive: the gold answers fitted to the visible rows score 1 there and <= 0.45 over 10 test scenarios', async () => {
    const raws: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const result = await submitOnce(seed, (s) => s.questions.map((q) => q.fittedSql.all!));
      for (const answer of result.answers) expect(answer.visible_score).toBe(1);
      // The feedback names the instances an answer missed, per question: what a trainer needs.
      if (result.raw < 1) expect(result.feedback).toMatch(/hidden \d: /);
      raws.push(result.raw);
    }
    const mean = raws.reduce((a, b) => a + b, 0) / raws.length;
    console.log(`informed-naive (fitted to the visible rows) mean over 10 test scenarios: ${mean.toFixed(3)} [${raws.map((r) => r.toFixed(3)).join(', ')}]`);
    expect(mean).toBeLessThanOrEqual(0.45);
  }, 300_000);

  it('each visible-data shortcut alone is right on the visible rows and loses credit on a hidden instance', async () => {
    const lost: Record<string, number> = Object.fromEntries(FIT_ASPECTS.map((a) => [a, 0]));
    for (const seed of [0, 1, 2, 3]) {
      for (const aspect of FIT_ASPECTS) {
        const result = await submitOnce(seed, (s) => s.questions.map((q) => q.fittedSql[aspect]!));
        for (const answer of result.answers) {
          expect(answer.visible_score).toBe(1);
          if (answer.score < 0.95) lost[aspect]! += 1;
        }
      }
    }
    for (const aspect of FIT_ASPECTS) expect(lost[aspect], aspect).toBeGreaterThan(0);
  }, 300_000);

  it('before the submit nothing reveals a grade on any instance', async () => {
    const scenario = await topScenario(7);
    const episode = await Episode.start(task, { seed: 7, ...TOP, rewardMode: 'dense' });
    const step = await episode.step({ type: 'query', sql: scenario.questions[1]!.goldSql });
    expect(step.observation.feedback).not.toMatch(/score|correct|match|hidden|instance/i);
    expect(episode.grade().raw).toBe(0);
    expect(step.reward_components?.grade ?? 0).toBe(0);
    episode.dispose();
  });
});
