// The escalation desk's labels (adversarial): lookup budget, traps discoverable from what is shown, scoring at submit, exact credit.
import { describe, expect, it } from 'vitest';
import { Episode, registeredTaskOf, scenarioFor, type WireObservation } from 'openenv-ts';
import { gradeTriage } from './grader.js';
import { allOffsets, localDeadlineHours, type LocalDeadline } from './local-time.js';
import { TicketTriageTask } from './plugin.js';
import type { TriageData } from './schemas.js';
import { deriveLabel, type TicketFacts } from './triage-policy.js';
import { PRIORITIES } from './taxonomy.js';
import { SITUATIONS } from './situations.js';
import type { TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const plugin = task.plugin as TicketTriageTask;
const LEVEL = 'adversarial';
const dataOf = (o: WireObservation) => o.data as TriageData;
const INBOXES = 20;
/**
 * The top level's labelling rules on their own: the end-of-shift escalation turned off and the inbox drawn as the
 * desk drew it before (12-14 tickets, accounts by shared_account_rate), so these tests keep measuring the label
 * traps; end-of-shift.test.ts covers the escalation.
 */
const LABEL_DESK = { escalation_slots: 0, min_tickets: 12, max_tickets: 14, min_accounts: 0, max_accounts: 0, colleague_report_rate: 0.6 };

async function desk(index: number, split: 'train' | 'test' = 'test'): Promise<TriageScenario> {
  return (await scenarioFor(task, index, LABEL_DESK, { split, level: LEVEL, index })) as TriageScenario;
}

/** What the customer wrote, without quoted history (the policy ignores quoted lines). */
function customerText(body: string): string {
  return body.split('\n').filter((l) => !l.startsWith('>')).join('\n');
}

const HOUR_MS = 3_600_000;
const receivedMs = (at: string) => Date.parse(`${at.slice(0, 10)}T${at.slice(11, 16)}:00Z`);
const offsetOf = (zone: string) => {
  const m = /UTC([+-])(\d\d):(\d\d)/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) + Number(m[3]) / 60);
};
/** "2024-03-02 23:30 (UTC+09:00)" as an instant. */
const stampMs = (stamp: string) => Date.parse(`${stamp.slice(0, 10)}T${stamp.slice(11, 16)}:00Z`) - offsetOf(stamp.slice(18, 27)) * HOUR_MS;

describe('escalation desk: the lookup budget', () => {
  it('allows exactly the accounts whose record can change a label; the reference uses them all and scores 1', async () => {
    for (let index = 0; index < 10; index++) {
      const scenario = await desk(index);
      const needed = new Set(scenario.tickets.filter((t) => (t.truth.record_triggers ?? []).length > 0).map((t) => t.ticket.account_id));
      expect(scenario.lookup_budget, `${index}`).toBe(needed.size);
      expect(scenario.policy_text).toContain(`lookups allowed: ${needed.size}`);
      // Fewer budgeted lookups than accounts: reading everything is not possible.
      expect(scenario.lookup_budget!).toBeLessThan(scenario.accounts.length + 1);
    }
    let fewer = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      if (scenario.lookup_budget! < scenario.accounts.length) fewer += 1;
    }
    expect(fewer).toBeGreaterThan(INBOXES * 0.8);
  });

  it('refuses a lookup past the budget (an error naming the budget, nothing shown), and a repeated lookup costs nothing', async () => {
    const scenario = await desk(2);
    const episode = await Episode.start(task, { split: 'test', level: LEVEL, index: 2, config: LABEL_DESK });
    const accounts = [...new Set(scenario.tickets.map((t) => t.ticket.account_id))];
    expect(accounts.length).toBeGreaterThan(scenario.lookup_budget!);
    for (const id of accounts.slice(0, scenario.lookup_budget!)) expect((await episode.step({ type: 'lookup_account', account_id: id })).observation.last_action_error).toBeNull();
    const again = await episode.step({ type: 'lookup_account', account_id: accounts[0]! });
    expect(again.observation.last_action_error).toBeNull();
    const refused = await episode.step({ type: 'lookup_account', account_id: accounts[scenario.lookup_budget!]! });
    expect(refused.observation.last_action_error).toMatch(new RegExp(`^Lookup budget used: ${scenario.lookup_budget} of ${scenario.lookup_budget} accounts`));
    expect(dataOf(refused.observation).accounts.map((a) => a.account_id)).toEqual(accounts.slice(0, scenario.lookup_budget!));
    expect(dataOf(refused.observation).lookups_left).toBe(0);
  });
});

describe('escalation desk: every trap is discoverable from what is shown', () => {
  it('a ticket whose text flags nothing keeps its label whatever its record says', async () => {
    let checked = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      for (const { ticket, truth, label } of scenario.tickets) {
        if ((truth.record_triggers ?? []).length > 0 || truth.joins) continue;
        // Either flag value; a deadline written as a local clock time read in every zone the policy allows.
        const local = [...customerText(ticket.body).matchAll(/(\d\d:\d\d) (today|tomorrow|on [A-Z][a-z]+day)\b/g)].at(-1);
        const standing = local && ['none', 'ease', 'worsen', 'retract'].includes(truth.evolution);
        const hours = standing
          ? allOffsets().map((o) => localDeadlineHours({ clock: local[1]!, when: local[2]! }, receivedMs(ticket.received_at), o))
          : [truth.deadline_hours];
        const variants: TicketFacts[] = [];
        for (const key_account of [false, true]) for (const deadline_hours of hours) variants.push({ ...truth, key_account, deadline_hours });
        for (const v of variants) expect(deriveLabel(v, scenario.policy), `${index} ${ticket.id}`).toEqual(label);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(INBOXES * 4);
  });

  it('a named earlier ticket is in the customer\'s own words and in the record (or the inbox); its effect follows from the record', async () => {
    let named = 0;
    let joined = 0;
    let repeated = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      const policy = scenario.policy;
      const window = policy.accounts!.repeat_window_days * 24;
      for (const { ticket, truth } of scenario.tickets) {
        if (!(truth.record_triggers ?? []).includes('named-ticket')) continue;
        named += 1;
        const record = scenario.accounts.find((a) => a.account_id === ticket.account_id)!;
        const ids = [...customerText(ticket.body).matchAll(/TCK-\d+/g)].map((m) => m[0]);
        const entry = record.recent_tickets.find((t) => ids.includes(t.ticket_id));
        expect(entry, `${index} ${ticket.id}`).toBeDefined();
        const hours = (receivedMs(ticket.received_at) - stampMs(entry!.received!)) / HOUR_MS;
        if (entry!.status === 'open') {
          joined += 1;
          expect(truth.joins).toEqual({ category: entry!.category, team: entry!.team, priority: entry!.priority });
        } else {
          expect(truth.joins ?? null).toBeNull();
          const ownCategory = deriveLabel({ ...truth, repeat: false, joins: null }, policy).category;
          const repeat = entry!.category === ownCategory && hours < window;
          expect(truth.repeat, `${index} ${ticket.id}`).toBe(repeat);
          if (repeat) repeated += 1;
        }
      }
      // A ticket of this inbox named as the same problem: the ticket is in the inbox, from the same account.
      for (const { ticket, truth } of scenario.tickets) {
        if (!truth.joins || (truth.record_triggers ?? []).includes('named-ticket')) continue;
        const ids = [...customerText(ticket.body).matchAll(/TCK-\d+/g)].map((m) => m[0]);
        const earlier = scenario.tickets.find((t) => ids.includes(t.ticket.id));
        expect(earlier, `${index} ${ticket.id}`).toBeDefined();
        expect(earlier!.ticket.account_id).toBe(ticket.account_id);
        expect(truth.joins).toEqual(earlier!.label);
        // A colleague's report of the same problem is about that problem: its situation, area and impact.
        expect(truth.situations).toEqual([earlier!.truth.deciding]);
        expect(ticket.product_area).toBe(earlier!.ticket.product_area);
        expect(truth.impact, `${index} ${ticket.id}`).toBe(SITUATIONS.find((x) => x.id === earlier!.truth.deciding)!.impact);
      }
    }
    expect(named).toBeGreaterThan(10);
    expect(joined).toBeGreaterThan(2);
    expect(repeated).toBeGreaterThan(2);
  });

  it('an add-on fault names a feature from the policy\'s list; the record\'s add-ons decide licensing', async () => {
    let licensing = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      for (const { ticket, truth, label } of scenario.tickets) {
        if (!(truth.record_triggers ?? []).includes('add-on')) continue;
        const record = scenario.accounts.find((a) => a.account_id === ticket.account_id)!;
        const feature = scenario.policy.escalation!.add_ons.find((f) => customerText(ticket.body).toLowerCase().includes(f.replace(/^the /, '').toLowerCase()));
        expect(feature, `${index} ${ticket.id}`).toBeDefined();
        expect(scenario.policy_text).toContain(`     - ${feature}`);
        expect(truth.licensing).toBe(!record.add_ons!.includes(feature!));
        if (truth.licensing && !truth.joins) {
          licensing += 1;
          expect(scenario.policy_text).toContain(`licensing category: ${label.category}`);
        }
      }
    }
    expect(licensing).toBeGreaterThan(5);
  });

  it('a deadline written as a local clock time gives the deciding hours with the record\'s zone, and other zones could not', async () => {
    let local = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      for (const { ticket, truth } of scenario.tickets) {
        if (!(truth.record_triggers ?? []).includes('time-zone')) continue;
        local += 1;
        const m = [...customerText(ticket.body).matchAll(/(\d\d:\d\d) (today|tomorrow|on [A-Z][a-z]+day)\b/g)].at(-1)!;
        expect(m, `${index} ${ticket.id}`).toBeDefined();
        const deadline: LocalDeadline = { clock: m[1]!, when: m[2]! };
        const record = scenario.accounts.find((a) => a.account_id === ticket.account_id)!;
        const hours = localDeadlineHours(deadline, receivedMs(ticket.received_at), offsetOf(record.time_zone!));
        expect(hours).toBeCloseTo(truth.deadline_hours!, 6);
        const threshold = scenario.policy.deadline_threshold_hours;
        const sides = new Set(allOffsets().map((o) => localDeadlineHours(deadline, receivedMs(ticket.received_at), o) <= threshold));
        expect(sides.size, `${index} ${ticket.id}`).toBe(2);
      }
    }
    expect(local).toBeGreaterThan(5);
  });

  it('the key-account exception lists its categories in the policy, and a record flag moves exactly those tickets', async () => {
    let moved = 0;
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      const categories = /categories: (.+)/.exec(scenario.policy_text)![1]!.split(', ');
      const keyTeam = /^ {6}team: (\S+)$/m.exec(scenario.policy_text)![1]!;
      for (const { ticket, label, truth } of scenario.tickets) {
        const record = scenario.accounts.find((a) => a.account_id === ticket.account_id)!;
        if (truth.joins || !record.flags.includes('key_account') || !categories.includes(label.category)) continue;
        expect(label.team, `${index} ${ticket.id}`).toBe(keyTeam);
        moved += 1;
      }
    }
    expect(moved).toBeGreaterThan(15);
  });
});

describe('escalation desk: scoring', () => {
  it('is scored only at submit: labelling pays nothing, the submit pays the whole grade', async () => {
    const scenario = await desk(1);
    const episode = await Episode.start(task, { split: 'test', level: LEVEL, index: 1, config: LABEL_DESK });
    const actions = plugin.solve(scenario);
    for (const action of actions.slice(0, -1)) expect((await episode.step(action)).reward).toBe(0);
    const last = await episode.step(actions.at(-1)!);
    expect(last.reward).toBeCloseTo(1, 6);
    expect(episode.grade().raw).toBe(1);
  });

  it('gives a ticket nothing for a near label: priority one level off, or the wrong team, scores 0 for it', () => {
    return desk(4).then((scenario) => {
      const [first, second] = scenario.tickets;
      const off = PRIORITIES[(PRIORITIES.indexOf(first!.label.priority) + 1) % 4]!;
      const otherTeam = scenario.tickets.map((t) => t.label.team).find((t) => t !== second!.label.team)!;
      const labels = { [first!.ticket.id]: { ...first!.label, priority: off }, [second!.ticket.id]: { ...second!.label, team: otherTeam } };
      const grade = gradeTriage(scenario, { labels, looked_up: [], submitted: true });
      expect(grade.score).toBe(0);
      const right = gradeTriage(scenario, { labels: { [first!.ticket.id]: first!.label }, looked_up: [], submitted: true });
      expect(right.score).toBeCloseTo(1 / scenario.tickets.length, 6);
    });
  });

  it('records matter: a perfect reader that looks nothing up scores well below the reference', async () => {
    const scores: number[] = [];
    for (let index = 0; index < INBOXES; index++) {
      const scenario = await desk(index);
      const labels: Record<string, ReturnType<typeof deriveLabel>> = {};
      for (const { ticket, truth } of scenario.tickets) {
        const inInbox = truth.joins && !(truth.record_triggers ?? []).includes('named-ticket');
        labels[ticket.id] = deriveLabel({ ...truth, key_account: false, licensing: false, repeat: false, joins: inInbox ? truth.joins : null }, scenario.policy);
      }
      scores.push(gradeTriage(scenario, { labels, looked_up: [], submitted: true }).score);
    }
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (process.env.TRIAGE_REPORT) console.log(`desk, perfect reader without lookups: mean ${mean.toFixed(3)}`);
    expect(mean).toBeLessThan(0.85);
  });
});
