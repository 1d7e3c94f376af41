// ticket-triage's catalogue: levels, frames dealt to splits, text repetition, and labels derivable from what is shown.
import { describe, expect, it } from 'vitest';
import { familiesOf, registeredTaskOf, scenarioFor, Episode, type SplitName } from 'openenv-ts';
import { repetitionMetric } from 'openenv-ts/audit';
import { configSchema } from './config.js';
import { TicketTriageTask } from './plugin.js';
import { PRIORITIES, type Priority } from './taxonomy.js';
import type { AccountRecord, TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const plugin = task.plugin as TicketTriageTask;
const LEVELS = plugin.levels.map((l) => l.name);

async function scenarioOf(index: number, level: string, split: SplitName = 'test'): Promise<TriageScenario> {
  return (await scenarioFor(task, index, undefined, { split, level, index })) as TriageScenario;
}

describe('ticket-triage levels and splits', () => {
  it('levels are easiest first, fit the config schema, and level 1 is the config defaults', () => {
    expect(LEVELS).toEqual(['standard', 'threads', 'accounts', 'adversarial']);
    expect(plugin.levels[0]!.config).toEqual({});
    for (const level of plugin.levels) expect(() => configSchema.parse(level.config)).not.toThrow();
  });

  it('every situation and noise role has frames in train and test, and a scenario uses only its split\'s frames', async () => {
    const train = new Set(familiesOf(plugin, 'train'));
    const test = new Set(familiesOf(plugin, 'test'));
    const groups = (ids: Set<string>) => new Set([...ids].map((f) => f.split('/')[0]));
    expect(groups(test)).toEqual(groups(train));
    expect([...test].filter((f) => train.has(f))).toEqual([]);
    for (const level of LEVELS) {
      for (let index = 0; index < 10; index++) {
        for (const [split, own] of [['train', train], ['test', test]] as const) {
          const scenario = await scenarioOf(index, level, split);
          expect(scenario.families.filter((f) => !own.has(f)), `${level} ${split} ${index}`).toEqual([]);
        }
      }
    }
  });

  it('at most 5% of the long sentences of 40 test inboxes appear verbatim in 40 train inboxes, at every level', async () => {
    for (const level of LEVELS) {
      const prompts = async (split: SplitName) => {
        const out: string[] = [];
        for (let index = 0; index < 40; index++) {
          const episode = await Episode.start(task, { split, level, index });
          out.push(episode.observation().prompt);
          episode.dispose();
        }
        return out;
      };
      const metric = repetitionMetric(await prompts('train'), await prompts('test'));
      if (process.env.TRIAGE_REPORT) console.log(`${level}: repetition ${metric.share.toFixed(4)} of ${metric.distinctTestSentences}`);
      expect(metric.share, `${level}: ${metric.examples.join(' | ')}`).toBeLessThanOrEqual(0.05);
      // The check can fire: two halves of the train split share standing text and frames.
      expect(metric.distinctTestSentences).toBeGreaterThan(200);
    }
  });
});

/** The lines a customer wrote, without quoted history. */
function unquoted(body: string): string {
  return body.split('\n').filter((l) => !l.startsWith('>')).join('\n');
}

/** An independent reading of the policy text: its values, tables and codes. */
function readPolicy(text: string) {
  const value = (label: string) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1];
  const teams = new Map<string, string>();
  for (const m of text.matchAll(/^ {3}(\w+) -> (.+)$/gm)) teams.set(m[1]!, m[2]!);
  const owners = new Map<string, string>();
  for (const m of text.matchAll(/^ {5}([A-Z][^-\n]+?) -> (\S+)$/gm)) owners.set(m[1]!, m[2]!);
  return {
    threshold: Number(/threshold: (\d+) hours/.exec(text)![1]),
    cap: value('free-tier cap') as Priority,
    outage: /\(outage category: (\w+)\)/.exec(text)![1]!,
    security: /\(security category: (\w+)\)/.exec(text)![1]!,
    feature: /\(feature-request category: (\w+)\)/.exec(text)![1]!,
    window: text.includes('repeat window') ? Number(/repeat window: (\d+) days/.exec(text)![1]) : null,
    keyCategories: /categories: (.+)/.exec(text)?.[1]!.split(', ') ?? [],
    keyTeam: /^ {6}team: (\S+)$/m.exec(text)?.[1],
    teams,
    owners,
  };
}

const DAY_MS = 86_400_000;

describe('ticket-triage labels are derivable from what the agent sees', () => {
  it('every label follows from the policy text, the ticket header, the stated deadline and the account record (20 inboxes per level below the desk)', async () => {
    // The escalation desk (adversarial) has its own derivability tests in escalation-desk.test.ts.
    for (const level of LEVELS.filter((l) => l !== 'adversarial')) {
      for (let index = 0; index < 20; index++) {
        const scenario = await scenarioOf(index, level);
        const policy = readPolicy(scenario.policy_text);
        for (const { ticket, truth, label } of scenario.tickets) {
          const where = `${level} ${index} ${ticket.id}`;
          // The plan: on the ticket, or in the account record.
          const record: AccountRecord | undefined = scenario.accounts.find((a) => a.account_id === ticket.account_id);
          const plan = ticket.tier ?? record!.plan;
          expect(plan, where).toBe(truth.tier);
          // The repeat rule read from the record: a ticket in this category inside the window.
          if (record && policy.window !== null) {
            const received = Date.parse(ticket.received_at.slice(0, 10));
            const repeat = record.recent_tickets.some((t) => t.category === label.category && (received - Date.parse(t.date)) / DAY_MS < policy.window!);
            expect(repeat, where).toBe(truth.repeat);
            expect(record.support === 'priority', where).toBe(truth.priority_support);
          }
          // The last deadline the customer wrote (outside quotes) is the deadline fact, unless a later message drops it.
          const deadlines = [...unquoted(ticket.body).matchAll(/\b(?:in|within) (\d+) (hours?|days?)\b/g)].map((m) => Number(m[1]) * (m[2]!.startsWith('day') ? 24 : 1));
          if (truth.evolution === 'deadline-dropped') expect(truth.deadline_hours, where).toBeNull();
          else expect(deadlines.at(-1) ?? null, where).toBe(truth.deadline_hours);
          // Priority by the steps of section 3, from those readings and the hidden impact.
          let level_ = label.category === policy.outage ? 1 : truth.impact === 'blocked' ? 2 : truth.impact === 'degraded' ? 3 : 4;
          if (plan === 'enterprise') level_ -= 1;
          if (policy.window !== null && truth.priority_support) level_ -= 1;
          if (policy.window !== null && truth.repeat) level_ -= 1;
          if (truth.deadline_hours !== null && truth.deadline_hours <= policy.threshold) level_ -= 1;
          level_ = Math.max(1, level_);
          if (plan === 'free') level_ = Math.max(level_, PRIORITIES.indexOf(policy.cap) + 1);
          if (label.category === policy.security) level_ = Math.min(level_, 2);
          if (label.category === policy.feature) level_ = 4;
          expect(label.priority, where).toBe(PRIORITIES[level_ - 1]);
          // Team by section 4's table, the area owners and the key-account exception.
          const keyAccount = record?.flags.includes('key_account') && policy.keyCategories.includes(label.category);
          const route = policy.teams.get(label.category)!;
          const team = keyAccount ? policy.keyTeam : route === 'owner of the product area' ? policy.owners.get(ticket.product_area_name) : route;
          expect(label.team, where).toBe(team);
        }
      }
    }
  });

  it('claims in the text never decide: with records, a claimed plan differs from the record on adversarial inboxes', async () => {
    let claims = 0;
    for (let index = 0; index < 20; index++) {
      const scenario = await scenarioOf(index, 'adversarial');
      for (const { ticket, truth } of scenario.tickets) {
        const claimed = /\b(pro|enterprise)\b (?:customer|plan)|pay(?:ing)? for (pro|enterprise)/.exec(unquoted(ticket.body));
        if (!claimed) continue;
        claims += 1;
        expect(claimed[1] ?? claimed[2], ticket.id).not.toBe(truth.tier);
      }
    }
    expect(claims).toBeGreaterThan(20);
  });

  it('harder levels really use threads, two-problem tickets and records', async () => {
    const kinds = new Map<string, number>();
    let multi = 0;
    for (let index = 0; index < 20; index++) {
      for (const { truth } of (await scenarioOf(index, 'adversarial')).tickets) {
        kinds.set(truth.evolution, (kinds.get(truth.evolution) ?? 0) + 1);
        if (truth.situations.length > 1) multi += 1;
      }
    }
    expect([...kinds.keys()].sort()).toEqual(['deadline-added', 'deadline-dropped', 'deadline-moved', 'ease', 'none', 'retract', 'worsen']);
    expect(multi).toBeGreaterThan(50);
    const standard = await scenarioOf(0, 'standard');
    expect(standard.accounts).toEqual([]);
    expect(standard.tickets.every((t) => t.truth.evolution === 'none' && t.truth.situations.length === 1)).toBe(true);
  });
});
