// The end-of-shift escalation (top level): documentation, budgets, no leak before submit, the reference and the informed-naive plans.
import { describe, expect, it } from 'vitest';
import { Episode, registeredTaskOf, runReferenceSolver, scenarioFor, type WireObservation } from 'openenv-ts';
import { visibleImpacts } from './escalation-shift.js';
import { gradeTriage } from './grader.js';
import { rankBy, weightOf, type VisibleImpact } from './impact-model.js';
import { TicketTriageTask } from './plugin.js';
import type { TriageData } from './schemas.js';
import type { TriageScenario, TriageState } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const LEVEL = 'adversarial';
// 10 test seeds as the brief asks; TRIAGE_SEEDS=40 measures more.
const SEEDS = Number(process.env.TRIAGE_SEEDS ?? 10);
const dataOf = (o: WireObservation) => o.data as TriageData;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const report = (line: string) => (process.env.TRIAGE_REPORT ? console.log(line) : undefined);

async function shift(index: number, split: 'train' | 'test' = 'test'): Promise<TriageScenario> {
  return (await scenarioFor(task, index, undefined, { split, level: LEVEL, index })) as TriageScenario;
}

/** What a player sees for the decision, read from the observation data (header fields) and the labels' impact. */
function seen(scenario: TriageScenario): VisibleImpact[] {
  const reported = Object.fromEntries(scenario.tickets.map((t) => [t.ticket.id, t.ticket.reported_users!]));
  return visibleImpacts(scenario.tickets, reported);
}

/** Perfect labels plus an escalation list, scored as the submit scores it. */
function scoreWith(scenario: TriageScenario, escalated: readonly string[], labelsRight = true): number {
  const labels = labelsRight ? Object.fromEntries(scenario.tickets.map((t) => [t.ticket.id, t.label])) : {};
  const state: TriageState = { labels, looked_up: [], escalated, submitted: true };
  return gradeTriage(scenario, state).score;
}

/** The informed-naive plans: every label right and every weight applied, but the customers' counts taken at face value. */
const NAIVE: Record<string, (scenario: TriageScenario) => string[]> = {
  // Rank by reported users x plan weight x impact weight; measure nothing.
  'rank by reported impact': (scenario) => {
    const tickets = seen(scenario);
    const byId = new Map(tickets.map((t) => [t.ticket_id, t]));
    return rankBy([...byId.keys()], (id) => byId.get(id)!.reported_users * weightOf(byId.get(id)!)).slice(0, scenario.escalation!.slots);
  },
  // Not informed-naive, a check of the design: ignore the counts, rank by the visible weights alone.
  'rank by plan and impact weights alone': (scenario) => {
    const tickets = seen(scenario);
    const byId = new Map(tickets.map((t) => [t.ticket_id, t]));
    return rankBy([...byId.keys()], (id) => weightOf(byId.get(id)!)).slice(0, scenario.escalation!.slots);
  },
  // Not informed-naive either: play against the design's hidden gems by escalating the smallest-looking tickets.
  'escalate the smallest-looking tickets': (scenario) => {
    const tickets = seen(scenario);
    const byId = new Map(tickets.map((t) => [t.ticket_id, t]));
    return rankBy([...byId.keys()], (id) => -byId.get(id)!.reported_users * weightOf(byId.get(id)!)).slice(0, scenario.escalation!.slots);
  },
  // Measure the best-looking tickets with the whole budget, then rank measured and reported numbers together.
  'investigate the top by reported, rank all': (scenario) => probeTop(scenario, false),
  // The same, but escalate only among the measured tickets (the numbers it trusts).
  'investigate the top by reported, pick among measured': (scenario) => probeTop(scenario, true),
};

function probeTop(scenario: TriageScenario, onlyMeasured: boolean): string[] {
  const truth = scenario.escalation!;
  const tickets = seen(scenario);
  const byId = new Map(tickets.map((t) => [t.ticket_id, t]));
  const looks = (id: string) => byId.get(id)!.reported_users * weightOf(byId.get(id)!);
  const probed = rankBy([...byId.keys()], looks).slice(0, truth.investigate_budget);
  const value = (id: string) => (probed.includes(id) ? truth.measured_users[id]! * weightOf(byId.get(id)!) : looks(id));
  return rankBy(onlyMeasured ? probed : [...byId.keys()], value).slice(0, truth.slots);
}

/** The skilled idea with a careless probe choice: the first ticket of each account in inbox order, extrapolated. */
function firstTicketPerAccount(scenario: TriageScenario): string[] {
  const truth = scenario.escalation!;
  const tickets = seen(scenario);
  const factor = new Map<string, number>();
  for (const t of tickets) {
    if (factor.has(t.account_id) || factor.size >= truth.investigate_budget) continue;
    factor.set(t.account_id, truth.measured_users[t.ticket_id]! / t.reported_users);
  }
  const known = tickets.filter((t) => factor.has(t.account_id));
  const byId = new Map(known.map((t) => [t.ticket_id, t]));
  return rankBy([...byId.keys()], (id) => byId.get(id)!.reported_users * factor.get(byId.get(id)!.account_id)! * weightOf(byId.get(id)!)).slice(0, truth.slots);
}

describe('end-of-shift escalation: what the player is told', () => {
  it('states the slots, the formula, that reported counts are unreliable and telemetry is not, the budget and the scoring; never a factor or a measurement', async () => {
    for (let index = 0; index < 5; index++) {
      const scenario = await shift(index);
      const truth = scenario.escalation!;
      const episode = await Episode.start(task, { split: 'test', level: LEVEL, index });
      const prompt = episode.observation().prompt;
      expect(prompt).toContain(`escalation slots: ${truth.slots}`);
      expect(prompt).toContain('Business impact = users actually affected x plan weight x impact weight.');
      expect(prompt).toContain('plan weight (Tier in the header): free 1, pro 1.5, enterprise 2');
      expect(prompt).toContain('impact weight (section 2, after rule 5a): blocked 1, degraded 0.6, minor 0.3');
      expect(prompt).toContain('is the customer\'s own count, and it is not reliable');
      expect(prompt).toContain('Telemetry is reliable: investigate measures the users actually affected');
      expect(prompt).toContain(`investigations allowed: ${truth.investigate_budget}`);
      expect(prompt).toContain('raised to the power 3');
      expect(prompt).toContain('A reported count can be anywhere from 1/8 of the real number to 8 times it.');
      for (const { ticket } of scenario.tickets) expect(prompt).toContain(`Users affected (reported): ${ticket.reported_users}`);
      // No hidden number is in the observation before a probe: no factor, no measured count that differs from the reported one.
      for (const factor of Object.values(truth.reporting_factor)) expect(prompt).not.toContain(`${factor}x`);
      expect(dataOf(episode.observation()).escalation).toEqual({ slots: truth.slots, investigations_left: truth.investigate_budget, measured_users: {}, escalated: [] });
    }
  });

  it('draws 16-18 tickets from 5-7 accounts, 3-4 slots, and fewer investigations than tickets (and at most one per account)', async () => {
    let belowAccounts = 0;
    for (let index = 0; index < SEEDS; index++) {
      const scenario = await shift(index);
      const accounts = new Set(scenario.tickets.map((t) => t.ticket.account_id));
      const truth = scenario.escalation!;
      expect(scenario.tickets.length).toBeGreaterThanOrEqual(16);
      expect(scenario.tickets.length).toBeLessThanOrEqual(18);
      expect(accounts.size).toBeGreaterThanOrEqual(5);
      expect(accounts.size).toBeLessThanOrEqual(7);
      expect([3, 4]).toContain(truth.slots);
      expect(truth.investigate_budget).toBeLessThanOrEqual(accounts.size);
      expect(truth.investigate_budget).toBeLessThan(scenario.tickets.length / 2);
      if (truth.investigate_budget < accounts.size) belowAccounts += 1;
    }
    report(`end-of-shift: investigations below the account count in ${belowAccounts} of ${SEEDS} inboxes`);
  });
});

describe('end-of-shift escalation: actions and the absence of a signal before submit', () => {
  it('investigate shows one measurement and spends the budget; past it, an error; escalate checks ids and slots; the grade stays 0 until submit', async () => {
    const scenario = await shift(1);
    const truth = scenario.escalation!;
    const episode = await Episode.start(task, { split: 'test', level: LEVEL, index: 1 });
    const ids = scenario.tickets.map((t) => t.ticket.id);
    for (const id of ids.slice(0, truth.investigate_budget)) {
      const step = await episode.step({ type: 'investigate', ticket_id: id.toLowerCase() });
      expect(step.observation.last_action_error).toBeNull();
      expect(step.reward).toBe(0);
      expect(dataOf(step.observation).escalation!.measured_users[id]).toBe(truth.measured_users[id]);
    }
    const over = await episode.step({ type: 'investigate', ticket_id: ids[ids.length - 1]! });
    expect(over.observation.last_action_error).toContain(`Investigation budget used: ${truth.investigate_budget} of ${truth.investigate_budget}`);
    expect(dataOf(over.observation).escalation!.measured_users[ids[ids.length - 1]!]).toBeUndefined();
    const tooMany = await episode.step({ type: 'escalate', ticket_ids: ids.slice(0, truth.slots + 1) });
    expect(tooMany.observation.last_action_error).toContain(`${truth.slots} escalation slots`);
    const unknown = await episode.step({ type: 'escalate', ticket_ids: ['TCK-1'] });
    expect(unknown.observation.last_action_error).toContain('Unknown ticket_id "TCK-1"');
    // Right and wrong escalation lists get the same reward and the same observation before the submit.
    const wrong = ids.filter((id) => !truth.top.includes(id)).slice(0, truth.slots);
    const right = await episode.step({ type: 'escalate', ticket_ids: [...truth.top] });
    const other = await episode.step({ type: 'escalate', ticket_ids: wrong });
    expect(right.reward).toBe(0);
    expect(other.reward).toBe(0);
    // The observations differ only in the list just set.
    expect(right.observation.prompt.replace(/ESCALATED .*\n/, '')).toBe(other.observation.prompt.replace(/ESCALATED .*\n/, ''));
    expect(episode.grade().raw).toBe(0);
    expect(JSON.stringify(episode.grade().breakdown)).not.toContain('in_true_top');
    expect(dataOf(other.observation).escalation!.escalated).toEqual(wrong);
  });

  it('is refused below the top level', async () => {
    const episode = await Episode.start(task, { split: 'test', level: 'accounts', index: 0 });
    const step = await episode.step({ type: 'investigate', ticket_id: 'TCK-1' });
    expect(step.observation.last_action_error).toContain('only available at the top level');
  });
});

describe('end-of-shift escalation: the skilled plan against the informed-naive ones', () => {
  it('the reference (its own probes, one per account that can matter) scores >= 0.95 on every test seed, within the step limit', async () => {
    const scores: number[] = [];
    for (let index = 0; index < SEEDS; index++) {
      const run = await runReferenceSolver(task, index, undefined, { level: LEVEL, split: 'test', index });
      scores.push(run.rawScore);
      expect(run.rawScore, `${index}`).toBeGreaterThanOrEqual(0.95);
    }
    report(`end-of-shift reference: mean ${mean(scores).toFixed(3)} over ${SEEDS} test seeds`);
    // The idea, not the care, is what pays: one probe per account, even on its first ticket, finds nearly the same top.
    const firsts: number[] = [];
    for (let index = 0; index < SEEDS; index++) {
      const scenario = await shift(index);
      firsts.push(scoreWith(scenario, firstTicketPerAccount(scenario)));
    }
    report(`end-of-shift one probe per account (first ticket), perfect labels: mean ${mean(firsts).toFixed(3)}`);
    expect(mean(firsts)).toBeGreaterThanOrEqual(0.9);
  });

  it('perfect labels alone stay <= 0.35, and every informed-naive plan (perfect labels too) stays <= 0.45 mean over 10 test seeds', async () => {
    const labelsOnly: number[] = [];
    for (let index = 0; index < SEEDS; index++) labelsOnly.push(scoreWith(await shift(index), []));
    expect(Math.max(...labelsOnly)).toBeLessThanOrEqual(0.35);
    report(`end-of-shift perfect labels, no escalation: mean ${mean(labelsOnly).toFixed(3)}`);
    const means: Record<string, number> = {};
    for (const [name, plan] of Object.entries(NAIVE)) {
      const scores: number[] = [];
      for (let index = 0; index < SEEDS; index++) {
        const scenario = await shift(index);
        scores.push(scoreWith(scenario, plan(scenario)));
      }
      means[name] = mean(scores);
      report(`end-of-shift naive "${name}": mean ${mean(scores).toFixed(3)} [${scores.map((s) => s.toFixed(2)).join(' ')}]`);
    }
    for (const [name, value] of Object.entries(means)) expect(value, name).toBeLessThanOrEqual(0.45);
  });
});
