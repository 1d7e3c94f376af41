// ticket-triage: the grader's formula, the reward, baselines that must fail, determinism and the episode rules.
import { describe, expect, it } from 'vitest';
import { Episode, OpenEnvError, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type WireObservation } from 'openenv-ts';
import { TicketTriageTask } from './plugin.js';
import type { TriageData } from './schemas.js';
import type { TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const plugin = task.plugin as TicketTriageTask;
const SEEDS = Array.from({ length: 50 }, (_, i) => i);

/** The inbox a reset with this seed plays (train split, first level), as the framework seeds it. */
async function scenarioOf(seed: number, config: object = {}): Promise<TriageScenario> {
  return (await scenarioFor(task, seed, config)) as TriageScenario;
}

function dataOf(observation: WireObservation): TriageData {
  return observation.data as TriageData;
}

/** Labels ticket i with `pick(ticket, i)` for every ticket in order, then submits. */
function labelAll(pick: (data: TriageData, index: number) => { category: string; priority: string; team: string }) {
  return (observation: WireObservation, step: number) => {
    const data = dataOf(observation);
    const ticket = data.tickets[step];
    return ticket ? { type: 'classify', ticket_id: ticket.id, ...pick(data, step) } : { type: 'submit' };
  };
}

/** Prints measured numbers for the README when TRIAGE_REPORT is set (silent otherwise). */
function report(name: string, scores: number[], note = ''): void {
  if (!process.env.TRIAGE_REPORT) return;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  console.log(`${name}: mean ${mean.toFixed(3)}, min ${Math.min(...scores).toFixed(3)}, max ${Math.max(...scores).toFixed(3)} over ${scores.length} seeds ${note}`);
}

/** The label for every field that is most frequent over many inboxes (seeds outside the test range). */
async function mostCommonLabel() {
  const counts = { category: new Map<string, number>(), priority: new Map<string, number>(), team: new Map<string, number>() };
  for (let seed = 10_000; seed < 10_200; seed++) {
    for (const { label } of (await scenarioOf(seed)).tickets) {
      for (const field of ['category', 'priority', 'team'] as const) {
        counts[field].set(label[field], (counts[field].get(label[field]) ?? 0) + 1);
      }
    }
  }
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return { category: top(counts.category), priority: top(counts.priority), team: top(counts.team) };
}

/**
 * A keyword matcher that ignores the policy's finer rules: the kind of shortcut the misleading wording is
 * there to defeat. It reads words and tone, not the situation.
 */
function keywordGuess(data: TriageData, index: number) {
  const ticket = data.tickets[index]!;
  const text = `${ticket.subject}\n${ticket.body}`.toLowerCase();
  const category = /hack|phishing|vulnerab|api key|audit log/.test(text)
    ? 'security'
    : /outage|down|503|502|unavailable/.test(text)
      ? 'outage'
      : /invoice|charge|refund|billing|vat/.test(text)
        ? 'billing'
        : /log in|login|password|2fa|sso/.test(text)
          ? 'account_access'
          : /feature|idea|would be great|plan to/.test(text)
            ? 'feature_request'
            : 'bug';
  const priority = /urgent|asap|unacceptable|!!!|critical|now/.test(text) ? 'P1' : /no rush|no urgency|whenever/.test(text) ? 'P4' : 'P3';
  const team = { security: 'security', outage: 'sre', billing: 'billing_ops', account_access: 'identity', feature_request: 'product_mgmt', bug: 'web_team' }[category];
  return { category, priority, team: team! };
}

describe('ticket-triage reference solver', () => {
  it('scores raw >= 0.95 on 50 seeds, and its rewards sum to its grade (the first step pays the start grade, 0)', async () => {
    const scores: number[] = [];
    for (const seed of SEEDS) {
      const outcome = await runReferenceSolver(task, seed);
      scores.push(outcome.rawScore);
      expect(outcome.rawScore, `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
      expect(outcome.rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(outcome.rawScore, 5);
      expect(outcome.refused).toBe(0);
    }
    report('reference solver', scores);
  });

  it('labels every ticket once and ends with submit', async () => {
    const scenario = await scenarioOf(4);
    const actions = plugin.solve(scenario);
    expect(actions.at(-1)).toEqual({ type: 'submit' });
    const ids = actions.flatMap((a) => (a.type === 'classify' ? [a.ticket_id] : []));
    expect(ids).toEqual(scenario.tickets.map((t) => t.ticket.id));
    for (const action of actions) expect(plugin.actionSchema.safeParse(action).success).toBe(true);
  });

  it('still tops the grade with other knob settings', async () => {
    const config = { min_tickets: 10, max_tickets: 10, misleading_tone_rate: 1, typo_rate: 1, vary_policy: false };
    for (const seed of [1, 2, 3]) expect((await runReferenceSolver(task, seed, config)).rawScore).toBe(1);
  });
});

describe('ticket-triage trivial policies score low', () => {
  it('submitting at once scores raw 0', async () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const outcome = await runPolicy(task, seed, () => ({ type: 'submit' }));
      expect(outcome.rawScore).toBe(0);
      expect(outcome.steps).toBe(1);
    }
  });

  // Categories are equally common, so which constant label "wins" the count is close to a tie; the best one
  // (account_access / P3 / identity) gets one ticket fully right and a P3 on several more: mean about 0.28,
  // and up to about 0.4 on a small inbox. The mean is what a trivial policy earns; single inboxes are noisier.
  it('labelling everything with the most common label scores raw mean <= 0.35, no inbox above 0.45', async () => {
    const label = await mostCommonLabel();
    const scores: number[] = [];
    for (const seed of SEEDS) {
      const outcome = await runPolicy(task, seed, labelAll(() => label));
      expect(outcome.rawScore, `seed ${seed} with ${JSON.stringify(label)}`).toBeLessThanOrEqual(0.45);
      scores.push(outcome.rawScore);
    }
    report('most-common label', scores, JSON.stringify(label));
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeLessThanOrEqual(0.35);
  });

  it('repeating one action scores raw <= 0.35 and is penalised for the repeats', async () => {
    const scores: number[] = [];
    for (const seed of SEEDS) {
      const first = (await scenarioOf(seed)).tickets[0]!;
      const action = { type: 'classify', ticket_id: first.ticket.id, ...first.label };
      const outcome = await runPolicy(task, seed, () => action);
      expect(outcome.rawScore).toBeLessThanOrEqual(0.35);
      scores.push(outcome.rawScore);
      expect(outcome.steps).toBe(task.metadata.maxSteps);
      expect(outcome.rewards.slice(1).every((r) => r < 0)).toBe(true);
    }
    report('repeat one (correct) classify', scores);
  });

  it('a keyword matcher falls well short of the reference', async () => {
    const scores: number[] = [];
    for (const seed of SEEDS) scores.push((await runPolicy(task, seed, labelAll(keywordGuess))).rawScore);
    report('keyword matcher', scores);
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeLessThan(0.8);
  });
});

describe('ticket-triage grader', () => {
  it('gives 0.4 + 0.3 + 0.3 per ticket, half priority credit one level off, and 0 for unlabelled tickets', async () => {
    const scenario = await scenarioOf(21);
    const [a, b, c] = scenario.tickets;
    const offByOne = (p: string) => (p === 'P4' ? 'P3' : `P${Number(p[1]) + 1}`) as 'P1';
    const offByTwo = (p: string) => (Number(p[1]) <= 2 ? `P${Number(p[1]) + 2}` : `P${Number(p[1]) - 2}`) as 'P1';
    const wrongTeam = a!.label.team === 'sre' ? 'identity' : 'sre';
    const labels = {
      [a!.ticket.id]: { ...a!.label, team: wrongTeam } as typeof a.label,
      [b!.ticket.id]: { ...b!.label, priority: offByOne(b!.label.priority) },
      [c!.ticket.id]: { ...c!.label, priority: offByTwo(c!.label.priority), category: c!.label.category === 'bug' ? 'billing' : 'bug' } as typeof c.label,
    };
    const grade = plugin.grade(scenario, { labels });
    const perTicket = grade.breakdown.tickets as Record<string, { score: number; labelled: boolean }>;
    expect(perTicket[a!.ticket.id]!.score).toBeCloseTo(0.7, 6);
    expect(perTicket[b!.ticket.id]!.score).toBeCloseTo(0.85, 6);
    expect(perTicket[c!.ticket.id]!.score).toBeCloseTo(0.3, 6);
    expect(perTicket[scenario.tickets[3]!.ticket.id]).toEqual({ labelled: false, category: 0, team: 0, priority: 0, score: 0 });
    expect(grade.score).toBeCloseTo((0.7 + 0.85 + 0.3) / scenario.tickets.length, 6);
    expect(grade.breakdown.labelled).toBe(3);
  });

  it('scores vary over seeds and over policies', async () => {
    // Gets a seeded share of tickets right and the rest wrong in one field, so scores depend on the inbox.
    const partly = labelAll((data, i) => {
      const truth = scenarioCache.get(data.tickets[0]!.id)!.tickets[i]!.label;
      return i % 2 === 0 ? truth : { ...truth, team: truth.team === 'sre' ? 'identity' : 'sre' };
    });
    const scenarioCache = new Map<string, TriageScenario>();
    const bySeed: number[] = [];
    for (const seed of SEEDS.slice(0, 20)) bySeed.push((await runPolicy(task, seed, labelAll(keywordGuess))).rawScore);
    expect(new Set(bySeed).size).toBeGreaterThan(5);
    const seed = 5;
    const scenario = await scenarioOf(seed);
    scenarioCache.set(scenario.tickets[0]!.ticket.id, scenario);
    const policies = [
      await runReferenceSolver(task, seed),
      await runPolicy(task, seed, partly),
      await runPolicy(task, seed, labelAll(keywordGuess)),
      await runPolicy(task, seed, () => ({ type: 'submit' })),
    ].map((o) => o.rawScore);
    expect(new Set(policies).size).toBe(policies.length);
  });
});

describe('ticket-triage episodes', () => {
  it('the same seed gives the same inbox, and the same actions the same score and rewards', async () => {
    expect(await scenarioOf(33)).toEqual(await scenarioOf(33));
    expect(await scenarioOf(33)).not.toEqual(await scenarioOf(34));
    const run = () => runPolicy(task, 33, labelAll(keywordGuess));
    const [x, y] = [await run(), await run()];
    expect(x.rawScore).toBe(y.rawScore);
    expect(x.rewards).toEqual(y.rewards);
    expect(x.episode.observation().prompt).toBe(y.episode.observation().prompt);
  });

  it('re-classifying overwrites the label and cannot farm reward', async () => {
    const scenario = await scenarioOf(8);
    const { ticket, label } = scenario.tickets[0]!;
    const wrong = { ...label, category: label.category === 'bug' ? 'billing' : 'bug' };
    const actions = [
      { type: 'classify', ticket_id: ticket.id, ...wrong },
      { type: 'classify', ticket_id: ticket.id, ...label },
      { type: 'classify', ticket_id: ticket.id, ...wrong },
      { type: 'classify', ticket_id: ticket.id, ...label },
    ];
    const outcome = await runPolicy(task, 8, (_obs, i) => actions[i] ?? { type: 'submit' }, { config: { max_relabels: 5 } });
    const sum = outcome.rewards.reduce((a, b) => a + b, 0);
    expect(outcome.rawScore).toBeCloseTo(1 / scenario.tickets.length, 6);
    expect(sum).toBeLessThanOrEqual(outcome.rawScore);
    expect(outcome.rewards[1]).toBeCloseTo(0.4 / scenario.tickets.length, 6);
    expect(outcome.rewards[2]).toBeLessThan(0);
  });

  it('corrections are budgeted by the framework: past max_relabels a different label is refused, penalised, and changes nothing', async () => {
    const scenario = await scenarioOf(8);
    const { ticket, label } = scenario.tickets[0]!;
    const other = (category: string) => ({ type: 'classify', ticket_id: ticket.id, ...label, category });
    const episode = await Episode.start(task, { seed: 8 });
    expect(episode.observation().corrections_left).toBe(2);
    expect(episode.observation().prompt).toContain('a correction: 2 per inbox');
    await episode.step(other(label.category === 'bug' ? 'billing' : 'bug'));
    await episode.step({ type: 'classify', ticket_id: ticket.id, ...label });
    await episode.step(other(label.category === 'outage' ? 'billing' : 'outage'));
    expect(episode.observation().corrections_left).toBe(0);
    const refused = await episode.step({ type: 'classify', ticket_id: ticket.id.toLowerCase(), ...label });
    expect(refused.observation.last_action_error).toContain(`changes ticket ${ticket.id}`);
    expect(refused.observation.last_action_error).toContain('all 2 corrections of this episode are used');
    expect(refused.reward).toBeLessThanOrEqual(-0.05);
    expect(dataOf(refused.observation).labels[ticket.id]!.category).not.toBe(label.category);
    // the same label again is no correction: allowed (only the repeat penalty applies)
    const same = await episode.step(other(label.category === 'outage' ? 'billing' : 'outage'));
    expect(same.observation.last_action_error).toBeNull();
  });

  it('probing labels by the reward without reading any ticket scores low', async () => {
    // The red-team policy: try each category (with the team it implies) until the reward says it is right.
    const { CATEGORIES } = await import('./taxonomy.js');
    const scores: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const episode = await Episode.start(task, { seed });
      const data = dataOf(episode.observation());
      const n = data.tickets.length;
      for (const ticket of data.tickets) {
        for (const category of CATEGORIES) {
          if (episode.done) break;
          const owner = data.policy.area_owners[ticket.product_area];
          const team = { billing: 'billing_ops', outage: 'sre', account_access: 'identity', security: 'security', bug: owner, feature_request: data.policy.feature_request_owner === 'product_mgmt' ? 'product_mgmt' : owner }[category];
          const result = await episode.step({ type: 'classify', ticket_id: ticket.id, category, priority: 'P3', team });
          if (result.observation.last_action_error || (result.reward ?? 0) >= (0.4 / n) * 0.99) break;
        }
      }
      if (!episode.done) await episode.step({ type: 'submit' });
      scores.push(episode.grade().raw);
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (process.env.TRIAGE_REPORT) console.log(`reward prober: mean ${mean.toFixed(3)} max ${Math.max(...scores).toFixed(3)}`);
    expect(mean).toBeLessThanOrEqual(0.35);
    expect(Math.max(...scores)).toBeLessThanOrEqual(0.6);
  });

  it('an unknown ticket id is an error naming the known ids, penalised, and changes nothing', async () => {
    const episode = await Episode.start(task, { seed: 2 });
    const ids = dataOf(episode.observation()).tickets.map((t) => t.id);
    const result = await episode.step({ type: 'classify', ticket_id: 'TCK-0000', category: 'bug', priority: 'P3', team: 'web_team' });
    expect(result.observation.last_action_error).toContain('Unknown ticket_id "TCK-0000"');
    for (const id of ids) expect(result.observation.last_action_error).toContain(id);
    expect(result.reward).toBeCloseTo(-0.05, 6);
    expect(dataOf(result.observation).unlabelled).toEqual(ids);
  });

  it('accepts a ticket id in another case and shows the label in the next observation', async () => {
    const episode = await Episode.start(task, { seed: 2 });
    const id = dataOf(episode.observation()).tickets[0]!.id;
    const result = await episode.step({ type: 'classify', ticket_id: ` ${id.toLowerCase()} `, category: 'bug', priority: 'P3', team: 'web_team' });
    expect(result.observation.last_action_error).toBeNull();
    expect(dataOf(result.observation).labels[id]).toEqual({ category: 'bug', priority: 'P3', team: 'web_team' });
    expect(result.observation.prompt).toContain(`${id}: bug / P3 / web_team`);
    // The same label under the id's canonical spelling is a repeat (repeatKey), not a new action.
    const again = await episode.step({ type: 'classify', ticket_id: id, category: 'bug', priority: 'P3', team: 'web_team' });
    expect(again.reward_components!.repeated_action).toBeCloseTo(-0.02, 6);
    expect(again.observation.corrections_left).toBe(2);
  });

  it('refuses a value outside the enums by schema, naming the allowed values, without using a step', async () => {
    const episode = await Episode.start(task, { seed: 2 });
    const id = dataOf(episode.observation()).tickets[0]!.id;
    const attempt = episode.step({ type: 'classify', ticket_id: id, category: 'refund', priority: 'P3', team: 'web_team' });
    await expect(attempt).rejects.toBeInstanceOf(OpenEnvError);
    await expect(attempt).rejects.toThrow(/category: .*"billing"/);
    await expect(episode.step({ type: 'classify', ticket_id: id, category: 'bug', priority: 'P5', team: 'web_team' })).rejects.toThrow(/priority/);
    await expect(episode.step({ type: 'classify', ticket_id: id, category: 'bug', priority: 'P3', team: 'web_team', note: 'x' })).rejects.toThrow(/note/);
    expect(episode.stateView().step_count).toBe(0);
  });

  it('running out of steps keeps the partial grade', async () => {
    const scenario = await scenarioOf(12);
    const right = scenario.tickets.slice(0, 3).map(({ ticket, label }) => ({ type: 'classify', ticket_id: ticket.id, ...label }));
    const outcome = await runPolicy(task, 12, (_obs, i) => right[i % right.length]);
    expect(outcome.steps).toBe(task.metadata.maxSteps);
    expect(outcome.episode.stateView().truncated).toBe(true);
    expect(outcome.rawScore).toBeCloseTo(3 / scenario.tickets.length, 6);
  });

  it('honours the inbox size knobs and keeps the prompt under 12k characters', async () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const n = (await scenarioOf(seed)).tickets.length;
      expect(n).toBeGreaterThanOrEqual(5);
      expect(n).toBeLessThanOrEqual(8);
      const big = await Episode.start(task, { seed, config: { min_tickets: 10, max_tickets: 10, quoted_reply_rate: 1, distractor_rate: 1, duration_rate: 1, deadline_rate: 1 } });
      expect(dataOf(big.observation()).tickets).toHaveLength(10);
      expect(big.observation().prompt.length).toBeLessThan(12_000);
    }
    await expect(Episode.start(task, { seed: 1, config: { max_tickets: 11 } })).rejects.toThrow(/max_tickets/);
  });

  it('the observation data matches its schema and hides the answers', async () => {
    const episode = await Episode.start(task, { seed: 9 });
    const observation = episode.observation();
    expect(plugin.observationSchema.safeParse(observation.data).success).toBe(true);
    const text = JSON.stringify(observation.data);
    expect(text).not.toContain('"impact"');
    expect(text).not.toContain('evidence');
  });
});
