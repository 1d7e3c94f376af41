// Every generated label follows from the policy TEXT and the ticket TEXT, checked by a rule set written apart from the plugin's.
import { describe, expect, it } from 'vitest';
import { registeredTaskOf, scenarioFor } from 'openenv-ts';
import { TRIAGE_LEVELS } from './levels.js';
import { renderTicket } from './observation.js';
import { TicketTriageTask } from './plugin.js';
import { AREA_DETAILS } from './ticket-templates.js';
import type { ScenarioTicket, TriageScenario } from './types.js';

const task = registeredTaskOf(TicketTriageTask);
const SEEDS = Array.from({ length: 200 }, (_, i) => i);
/** Every level and split is checked on fewer seeds than the default train inboxes. */
const VARIANTS = TRIAGE_LEVELS.flatMap((level) => (['train', 'validation', 'test'] as const).map((split) => ({ level: level.name, split })));

async function scenarioOf(seed: number, config: object = {}, where: { level?: string; split?: string } = {}): Promise<TriageScenario> {
  return (await scenarioFor(task, seed, config, where)) as TriageScenario;
}

interface ParsedPolicy {
  thresholdHours: number;
  freeCap: number;
  categoryTeams: Record<string, string>;
  areaOwners: Record<string, string>;
  featureToAreaOwner: boolean;
}

/** Reads the rules a careful human would take from the policy text; fails loudly if the text lacks one. */
function parsePolicyText(text: string): ParsedPolicy {
  const threshold = /Explicit deadline (\d+) hours or sooner/.exec(text);
  const cap = /Free tier: never more urgent than P([1-4])/.exec(text);
  const fixed = /- (security -> \w+; outage -> \w+; account_access -> \w+; billing -> \w+)/.exec(text);
  if (!threshold || !cap || !fixed) throw new Error(`policy text lacks a rule:\n${text}`);
  const categoryTeams = Object.fromEntries(fixed[1]!.split('; ').map((pair) => pair.split(' -> ') as [string, string]));
  const areaOwners: Record<string, string> = {};
  for (const m of text.matchAll(/^\s+(Web dashboard|Mobile app|Public API|Integrations|Reports & analytics) -> (\w+)$/gm)) {
    areaOwners[m[1]!] = m[2]!;
  }
  if (Object.keys(areaOwners).length !== 5) throw new Error('policy text does not name an owner for all five product areas');
  const toPm = /feature_request -> product_mgmt/.test(text);
  const toArea = /feature_request -> the team that owns the ticket's product area/.test(text);
  if (toPm === toArea) throw new Error('policy text must name exactly one feature-request owner');
  return { thresholdHours: Number(threshold[1]), freeCap: Number(cap[1]), categoryTeams, areaOwners, featureToAreaOwner: toArea };
}

/** The part of a body the policy says to read: everything before a quoted earlier reply. */
function unquoted(body: string): string {
  return body.split(/\n\nOn [^\n]* wrote:\n/)[0]!;
}

/** The explicit deadline a reader finds in the text, in hours; "in/within N hours|days". */
function statedDeadline(body: string): number | null {
  const found = [...unquoted(body).matchAll(/\b(?:in|within) (\d+) (hours?|days?)\b/g)];
  if (found.length > 1) throw new Error(`more than one deadline in:\n${body}`);
  if (found.length === 0) return null;
  const amount = Number(found[0]![1]);
  return found[0]![2]!.startsWith('day') ? amount * 24 : amount;
}

/** Priority computed independently: raises counted together, then the tier cap, security floor, request rule. */
function expectedPriority(item: ScenarioTicket, policy: ParsedPolicy, deadline: number | null): string {
  const { category, impact, tier } = item.truth;
  const start = category === 'outage' ? 1 : { blocked: 2, degraded: 3, minor: 4 }[impact];
  const raises = (tier === 'enterprise' ? 1 : 0) + (deadline !== null && deadline <= policy.thresholdHours ? 1 : 0);
  let p = Math.max(1, start - raises);
  if (tier === 'free' && p < policy.freeCap) p = policy.freeCap;
  if (category === 'security' && p > 2) p = 2;
  if (category === 'feature_request') p = 4;
  return `P${p}`;
}

function expectedTeam(item: ScenarioTicket, policy: ParsedPolicy): string {
  const { category } = item.truth;
  const areaOwner = policy.areaOwners[item.ticket.product_area_name]!;
  if (category === 'bug') return areaOwner;
  if (category === 'feature_request') return policy.featureToAreaOwner ? areaOwner : 'product_mgmt';
  return policy.categoryTeams[category]!;
}

describe('ticket-triage labels follow from the policy and ticket text', () => {
  it('every label matches an independent reading of the policy text on 200 seeds, and 20 per level and split', async () => {
    let checked = 0;
    const cases = [...SEEDS.map((seed) => ({ seed, where: {} })), ...VARIANTS.flatMap((where) => SEEDS.slice(0, 20).map((seed) => ({ seed, where })))];
    for (const { seed, where } of cases) {
      const scenario = await scenarioOf(seed, {}, where);
      const policy = parsePolicyText(scenario.policy_text);
      for (const item of scenario.tickets) {
        const deadline = statedDeadline(item.ticket.body);
        expect(item.label.category).toBe(item.truth.category);
        expect(item.label.priority, `seed ${seed} ${JSON.stringify(where)} ${item.ticket.id}`).toBe(expectedPriority(item, policy, deadline));
        expect(item.label.team, `seed ${seed} ${JSON.stringify(where)} ${item.ticket.id}`).toBe(expectedTeam(item, policy));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('the stated deadline in the text is exactly the deadline fact, and quoted replies never add one', async () => {
    let withDeadline = 0;
    const cases = [...SEEDS.map((seed) => ({ seed, where: {} })), ...VARIANTS.flatMap((where) => SEEDS.slice(0, 20).map((seed) => ({ seed, where })))];
    for (const { seed, where } of cases) {
      for (const item of (await scenarioOf(seed, {}, where)).tickets) {
        expect(statedDeadline(item.ticket.body), item.ticket.body).toBe(item.truth.deadline_hours);
        if (item.truth.deadline_hours !== null) withDeadline += 1;
      }
    }
    expect(withDeadline).toBeGreaterThan(100);
  });

  it('tier, product area and the problem statement appear in the ticket the agent reads', async () => {
    const cases = [...SEEDS.map((seed) => ({ seed, where: {} })), ...VARIANTS.flatMap((where) => SEEDS.slice(0, 10).map((seed) => ({ seed, where })))];
    for (const { seed, where } of cases) {
      for (const item of (await scenarioOf(seed, {}, where)).tickets) {
        const shown = renderTicket(item.ticket);
        const body = unquoted(item.ticket.body);
        expect(shown).toContain(`Tier: ${item.truth.tier} |`);
        expect(shown).toContain(`Product area: ${item.ticket.product_area_name}`);
        for (const sentence of item.evidence) expect(body).toContain(sentence);
        const area = AREA_DETAILS[item.truth.product_area];
        const core = item.evidence[0]!.toLowerCase();
        if (item.truth.category === 'bug') expect(area.features.some((f) => core.includes(f.toLowerCase()))).toBe(true);
        if (item.truth.category === 'feature_request') expect(area.asks.some((a) => core.includes(a.toLowerCase()))).toBe(true);
        // Outage statements are written for any area, so they must name the area that is down.
        if (item.truth.category === 'outage') expect(core).toContain(item.ticket.product_area_name.toLowerCase());
      }
    }
  });

  it('the policy varies by seed in every knob and stays fixed with vary_policy false', async () => {
    const policies: ParsedPolicy[] = [];
    for (const seed of SEEDS.slice(0, 60)) policies.push(parsePolicyText((await scenarioOf(seed)).policy_text));
    expect(new Set(policies.map((p) => p.thresholdHours)).size).toBeGreaterThan(2);
    expect(new Set(policies.map((p) => p.freeCap)).size).toBe(2);
    expect(new Set(policies.map((p) => p.featureToAreaOwner)).size).toBe(2);
    expect(new Set(policies.map((p) => JSON.stringify(p.areaOwners))).size).toBeGreaterThan(5);
    const fixed: string[] = [];
    for (const seed of SEEDS.slice(0, 10)) fixed.push((await scenarioOf(seed, { vary_policy: false })).policy_text.split('\n').slice(1).join('\n'));
    expect(new Set(fixed).size).toBe(1);
  });

  it('misleading tone shows up in the text: calm serious tickets and angry small ones', async () => {
    let calmSerious = 0;
    let angrySmall = 0;
    for (const seed of SEEDS.slice(0, 100)) {
      for (const item of (await scenarioOf(seed, { misleading_tone_rate: 1 })).tickets) {
        const text = `${item.ticket.subject}\n${unquoted(item.ticket.body)}`;
        const serious = item.truth.category === 'outage' || item.truth.impact === 'blocked';
        if (serious) {
          expect(text).toMatch(/no rush|not a big deal|good week|all is well|no urgency|no stress|whenever|heads-up|quick question|fyi|when you have a minute/i);
          calmSerious += 1;
        }
        if (item.truth.impact === 'minor' && item.truth.category !== 'outage') {
          expect(text).toMatch(/URGENT|UNACCEPTABLE|CRITICAL|ASAP|IMMEDIATELY|NOW|furious|angry/);
          angrySmall += 1;
        }
      }
    }
    expect(calmSerious).toBeGreaterThan(50);
    expect(angrySmall).toBeGreaterThan(50);
    const none: ScenarioTicket[] = [];
    for (const seed of SEEDS.slice(0, 30)) none.push(...(await scenarioOf(seed, { misleading_tone_rate: 0 })).tickets);
    expect(none.every((t) => !t.truth.misleading_tone)).toBe(true);
  });

  it('inboxes mix categories: no category fills more than two places of an inbox of up to 10 tickets', async () => {
    for (const { seed, where } of [...SEEDS.slice(0, 50).map((seed) => ({ seed, where: {} })), ...VARIANTS.map((where, seed) => ({ seed, where }))]) {
      const counts = new Map<string, number>();
      for (const t of (await scenarioOf(seed, {}, where)).tickets) counts.set(t.label.category, (counts.get(t.label.category) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    }
  });
});
