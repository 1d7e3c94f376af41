// Builds a lead-optimization project from the seeded generator: scaffold, offered substituents, hidden model, lead and profile.
import type { Rng, ScenarioContext } from 'openenv-ts';
import { activityOf, anchoredAt, drawActivityModel, estimatedActivity } from './activity-model.js';
import { assessSmiles, type Assessment } from './assessment.js';
import { buildSmiles, coreSmiles, estimate, scaffoldTable, type Choices, type ScaffoldTable } from './edit-space.js';
import { FRAGMENTS, HYDROGEN } from './fragment-library.js';
import { profileDesirability, profileValues, type Objective, type PropertyKey, type ProfileValues } from './profile.js';
import { analyse, loadChemistry, RDKIT_PACKAGE_VERSION } from './rdkit-engine.js';
import { SCAFFOLD_IDS, scaffoldById, type Scaffold } from './scaffold-library.js';
import type { LeadConfig } from './schemas.js';
import type { LeadScenario } from './types.js';

/** Objectives in the order levels add them. */
const OBJECTIVE_ORDER: readonly PropertyKey[] = ['clogp', 'tpsa', 'mw', 'hbd', 'rotb', 'hba', 'arom_rings', 'druglikeness'];

/** A standard window half-width per property (scaled by range_scale) and the decimals its bounds are given with. */
const SCALE: Record<PropertyKey, { width: number; decimals: number }> = {
  clogp: { width: 0.8, decimals: 1 },
  tpsa: { width: 15, decimals: 0 },
  mw: { width: 45, decimals: 0 },
  hbd: { width: 1, decimals: 0 },
  hba: { width: 1.5, decimals: 0 },
  rotb: { width: 1.5, decimals: 0 },
  arom_rings: { width: 1, decimals: 0 },
  druglikeness: { width: 0.15, decimals: 2 },
};

const ALERT_FRAGMENTS = new Set(FRAGMENTS.filter((f) => f.label.includes('structural alert')).map((f) => f.name));

const TARGETS = ['a serine/threonine kinase', 'a tyrosine kinase', 'a bromodomain', 'a metalloprotease', 'a GPCR', 'an ion channel', 'a nuclear receptor', 'a phosphodiesterase', 'a methyltransferase', 'a deubiquitinase'];
const LETTERS = 'ABCDEFGHJKLMNPQRSTVWXZ';

function projectName(rng: Rng): string {
  const code = `${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}-${rng.int(100, 9999)}`;
  return `Project ${code} against ${rng.pick(TARGETS)}`;
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** The substituents offered at each point: `count` that fit (two of them alert-carrying where possible) plus hydrogen. */
function offerFragments(rng: Rng, scaffold: Scaffold, table: ScaffoldTable, count: number): Record<string, string[]> {
  const offered: Record<string, string[]> = {};
  for (const point of scaffold.points) {
    const fitting = [...table.edits.get(point.name)!.keys()].filter((n) => n !== HYDROGEN);
    const alertPool = fitting.filter((n) => ALERT_FRAGMENTS.has(n));
    const cleanPool = fitting.filter((n) => !ALERT_FRAGMENTS.has(n));
    const alerts = rng.sample(alertPool, Math.min(2, alertPool.length));
    const clean = rng.sample(cleanPool, Math.min(cleanPool.length, Math.max(0, count - alerts.length)));
    const chosen = new Set([HYDROGEN, ...alerts, ...clean]);
    offered[point.name] = FRAGMENTS.map((f) => f.name).filter((n) => chosen.has(n));
  }
  return offered;
}

function randomChoices(rng: Rng, scaffold: Scaffold, offered: Record<string, string[]>, clean: boolean): Choices {
  return Object.fromEntries(
    scaffold.points.map((p) => [p.name, rng.pick(offered[p.name]!.filter((n) => !(clean && ALERT_FRAGMENTS.has(n))))]),
  );
}

/**
 * Objectives built around a reachable target analogue: where the lead and the target differ by more than the
 * window the bound sits between them (so the lead violates it); otherwise a window around the target.
 */
function buildObjectives(rng: Rng, config: LeadConfig, target: ProfileValues, lead: ProfileValues): Objective[] {
  return OBJECTIVE_ORDER.slice(0, config.objectives).map((property) => {
    const { width, decimals } = SCALE[property];
    const half = width * config.range_scale * rng.float(0.7, 1.2);
    const t = target[property];
    const l = lead[property];
    const tolerance = roundTo(width * 2, Math.max(decimals, 1));
    if (property === 'druglikeness') return { property, min: roundTo(Math.min(t, 0.95) - half / 3, 2), max: null, tolerance };
    if (Math.abs(t - l) > half) {
      // One-sided: the bound lies between target and lead, on the target's side of the midpoint.
      const bound = t + (l - t) * rng.float(0.2, 0.45);
      return l > t
        ? { property, min: null, max: roundTo(Math.max(bound, t), decimals), tolerance }
        : { property, min: roundTo(Math.min(bound, t), decimals), max: null, tolerance };
    }
    const low = Math.max(0, t - half * rng.float(0.5, 1));
    const high = t + half * rng.float(0.5, 1);
    return { property, min: roundTo(Math.min(low, t), decimals), max: roundTo(Math.max(high, t), decimals), tolerance };
  });
}

/** Share of the edit space that must fit the profile (desirability >= 0.8 by estimate), so potency, not the profile alone, decides. */
const ROOMY_SHARE = 0.12;

/**
 * Widens the profile's windows step by step until enough analogues fit it: with a profile that only a handful of
 * molecules satisfy, fitting the visible profile alone would find the oracle's best without a single assay.
 */
function widenUntilRoomy(objectives: Objective[], config: LeadConfig, table: ScaffoldTable, offered: Record<string, string[]>, rng: Rng): Objective[] {
  const points = Object.keys(offered);
  const sample: ProfileValues[] = [];
  for (let i = 0; i < 300; i++) {
    const choices = Object.fromEntries(points.map((p) => [p, rng.pick(offered[p]!.filter((n) => !ALERT_FRAGMENTS.has(n)))]));
    const e = estimate(table, choices);
    sample.push(profileValues(e.properties, 0));
  }
  let current = objectives;
  for (let round = 0; round < 6; round++) {
    const fitting = sample.filter((v) => profileDesirability(current, v) >= 0.8).length / sample.length;
    if (fitting >= ROOMY_SHARE) return current;
    current = current.map((o) => {
      const { width, decimals } = SCALE[o.property];
      const step = width * config.range_scale * 0.5;
      return {
        ...o,
        min: o.min === null ? null : Math.max(0, roundTo(o.min - step, decimals)),
        max: o.max === null ? null : roundTo(o.max + step, decimals),
      };
    });
  }
  return current;
}

function canonicalCore(scaffold: Scaffold): string {
  const parsed = analyse(coreSmiles(scaffold));
  if (!parsed.ok) throw new Error(`scaffold ${scaffold.id} has an invalid core: ${parsed.error}`);
  return parsed.facts.canonical;
}

function inWindow(a: Assessment, window: { min: number; max: number }): boolean {
  return a.similarity >= window.min && a.similarity <= window.max;
}

export async function generateScenario(rng: Rng, config: LeadConfig, context: ScenarioContext): Promise<LeadScenario> {
  await loadChemistry();
  const scaffold = scaffoldById(rng.pick(context.families.length > 0 ? context.families : SCAFFOLD_IDS));
  const table = scaffoldTable(scaffold);
  const offered = offerFragments(rng.fork('offer'), scaffold, table, config.offered_fragments);
  const offeredMap = new Map(Object.entries(offered));
  const drawn = drawActivityModel(rng.fork('model'), table, offeredMap, { lipophilicity: config.lipophilicity_pull, alertFragments: ALERT_FRAGMENTS });
  const window = { min: config.similarity_min, max: config.similarity_max };

  // The lead: an alert-free analogue of middling potency with substituents at most points and at least one
  // submittable, more potent neighbour inside the similarity window (the target the profile is built around).
  const leadRng = rng.fork('lead');
  const pool: Array<{ choices: Choices; activity: number }> = [];
  for (let i = 0; i < 40; i++) {
    const choices = randomChoices(leadRng, scaffold, offered, true);
    if (Object.values(choices).filter((n) => n !== HYDROGEN).length < 2) continue;
    pool.push({ choices, activity: estimatedActivity(drawn, estimate(table, choices)) });
  }
  // A typical member of the series, not its weakest: half of all analogues are less potent than the lead, so an
  // analogue made at random gains nothing on average and the potent corner has to be found by assaying.
  pool.sort((a, b) => a.activity - b.activity);
  const middle = Math.floor(pool.length * 0.45);
  pool.unshift(...pool.splice(middle, pool.length - middle));
  const project = projectName(rng.fork('project'));
  const leadPotency = Math.round(rng.float(4.8, 5.8) * 100) / 100;
  const noiseKey = rng.int(1, 2 ** 30);
  const targetRng = rng.fork('target');
  for (const candidate of pool) {
    // Each candidate costs dozens of RDKit evaluations: let the server read other sessions' requests in between.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const parsed = analyse(buildSmiles(scaffold, candidate.choices));
    if (!parsed.ok || parsed.facts.alerts.length > 0) continue;
    const lead = { choices: candidate.choices, smiles: parsed.facts.canonical };
    const provisional: LeadScenario = {
      rdkit_version: RDKIT_PACKAGE_VERSION,
      family: scaffold.id,
      project,
      core: canonicalCore(scaffold),
      offered,
      lead,
      objectives: [],
      target: lead.choices,
      properties_visible: config.properties_visible,
      assay_budget: config.assay_budget,
      assay_noise: config.assay_noise,
      similarity_window: window,
      model: anchoredAt(drawn, activityOf(drawn, parsed.facts), leadPotency),
      noise_key: noiseKey,
    };
    const target = findTarget(targetRng, provisional, scaffold, offered);
    if (!target) continue;
    const leadValues = assessSmiles(provisional, lead.smiles)!.values;
    const objectives = widenUntilRoomy(buildObjectives(rng.fork('profile'), config, target.assessment.values, leadValues), config, table, offered, rng.fork('room'));
    // Round-off can leave the target just outside a bound; the profile must stay reachable.
    for (let i = 0; i < objectives.length; i++) {
      const o = objectives[i]!;
      const v = target.assessment.values[o.property];
      objectives[i] = { ...o, min: o.min === null ? null : Math.min(o.min, v), max: o.max === null ? null : Math.max(o.max, v) };
    }
    return { ...provisional, objectives, target: target.choices };
  }
  throw new Error(`no lead of ${scaffold.id} has a submittable analogue in the similarity window ${window.min}-${window.max}`);
}

/**
 * A gate-passing analogue two points away from the lead (one when the window allows no two-point change), drawn
 * without looking at potency: the profile built around it must not point the way to the potent analogues.
 */
function findTarget(rng: Rng, scenario: LeadScenario, scaffold: Scaffold, offered: Record<string, string[]>): { choices: Choices; assessment: Assessment } | null {
  for (const changes of [2, 1]) {
    for (let attempt = 0; attempt < 30; attempt++) {
      const choices: Record<string, string> = { ...scenario.lead.choices };
      for (const point of rng.sample(scaffold.points.map((p) => p.name), changes)) {
        choices[point] = rng.pick(offered[point]!.filter((n) => !ALERT_FRAGMENTS.has(n) && n !== scenario.lead.choices[point]));
      }
      const a = assessSmiles(scenario, buildSmiles(scaffold, choices));
      if (a && a.gateFailures.length === 0 && inWindow(a, scenario.similarity_window)) return { choices, assessment: a };
    }
  }
  return null;
}
