// Lead-optimization: a real RDKit library, seeded projects, actions and feedback, the grade's gates and its trivial-policy ceiling.
import { describe, expect, it } from 'vitest';
import { familiesOf, levelsOf, registeredTaskOf, runPolicy, runReferenceSolver, scenarioFor, type Policy, type SplitName } from 'openenv-ts';
import { assessSmiles } from './assessment.js';
import { IDEAL_SMILES, proposeFixed, randomEdits, submitLead } from './baseline-policies.js';
import { buildSmiles, coreSmiles, fits, scaffoldTable } from './edit-space.js';
import { FRAGMENTS } from './fragment-library.js';
import { gradeState } from './grader.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { oracleOf } from './oracle-search.js';
import { LeadOptimizationTask } from './plugin.js';
import { analyse, containsCore, loadChemistry, RDKIT_PACKAGE_VERSION } from './rdkit-engine.js';
import { SCAFFOLDS } from './scaffold-library.js';
import type { LeadObservation } from './schemas.js';
import { initialState, transition } from './transitions.js';
import type { LeadScenario, LeadState } from './types.js';
import { readFileSync } from 'node:fs';

const task = registeredTaskOf(LeadOptimizationTask);
const plugin = task.plugin as LeadOptimizationTask;
const LEVELS = levelsOf(plugin).map((l) => l.name);
const TOP = LEVELS[LEVELS.length - 1]!;
const CEILING = 0.35;

async function scenarioOf(seed: number, level: string, split: SplitName = 'test'): Promise<LeadScenario> {
  return (await scenarioFor(task, seed, undefined, { level, split })) as LeadScenario;
}

function step(scenario: LeadScenario, state: LeadState, action: unknown) {
  return transition(scenario, state, plugin.actionSchema.parse(action));
}

describe('lead-optimization chemistry library', () => {
  it('every scaffold and every fragment that fits a point make a valid molecule that keeps the core', async () => {
    await loadChemistry();
    for (const scaffold of SCAFFOLDS) {
      const table = scaffoldTable(scaffold);
      expect(analyse(coreSmiles(scaffold)).ok, scaffold.id).toBe(true);
      for (const point of scaffold.points) {
        const fitting = FRAGMENTS.filter((f) => fits(point, f));
        expect([...table.edits.get(point.name)!.keys()].sort(), `${scaffold.id} ${point.name}`).toEqual(fitting.map((f) => f.name).sort());
        for (const fragment of fitting) {
          const smiles = buildSmiles(scaffold, { [point.name]: fragment.name });
          expect(containsCore(smiles, coreSmiles(scaffold)), smiles).toBe(true);
        }
      }
    }
  });

  it('pins the RDKit release the package installs, and scenarios carry it (so it enters the digest)', async () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(packageJson.dependencies['@rdkit/rdkit']).toBe(RDKIT_PACKAGE_VERSION);
    const scenario = await scenarioOf(1, LEVELS[0]!);
    expect(scenario.rdkit_version).toBe(RDKIT_PACKAGE_VERSION);
  });

  it('splits get disjoint scaffolds, and every series has one in each split', () => {
    const dealt = (['train', 'validation', 'test'] as SplitName[]).map((split) => familiesOf(plugin, split));
    expect(new Set(dealt.flat()).size).toBe(SCAFFOLDS.length);
    for (const families of dealt) {
      for (const series of new Set(SCAFFOLDS.map((s) => s.id.split('/')[0]))) expect(families.some((f) => f.startsWith(`${series}/`)), series).toBe(true);
    }
  });
});

describe('lead-optimization scenarios', () => {
  it('the same seed gives the same project, and the lead is a valid, alert-free member of the series outside the window', async () => {
    for (const level of LEVELS) {
      const a = await scenarioOf(7, level);
      expect(JSON.stringify(await scenarioOf(7, level))).toBe(JSON.stringify(a));
      const lead = assessSmiles(a, a.lead.smiles)!;
      expect(lead.coreKept).toBe(true);
      expect(lead.facts.alerts).toEqual([]);
      expect(lead.similarity).toBe(1);
      expect(lead.gateFailures.some((g) => g.includes('too close'))).toBe(true);
    }
  });

  it('the oracle finds a gate-passing analogue at least as good as the target the profile was built around', async () => {
    for (const level of LEVELS) {
      const scenario = await scenarioOf(3, level);
      const oracle = oracleOf(scenario);
      const best = assessSmiles(scenario, oracle.best.smiles)!;
      expect(best.gateFailures).toEqual([]);
      expect(oracle.best.objective).toBeGreaterThan(0);
      expect(oracle.bestActivity).toBeGreaterThan(oracle.leadActivity);
    }
  });
});

describe('lead-optimization actions', () => {
  it('an edit makes a new current molecule and the feedback says what changed', async () => {
    const scenario = await scenarioOf(2, LEVELS[0]!);
    const start = initialState(scenario);
    const point = 'R1';
    const fragment = scenario.offered[point]!.find((f) => f !== scenario.lead.choices[point] && f !== 'H')!;
    const result = step(scenario, start, { type: 'edit', point, fragment });
    expect(result.error).toBeUndefined();
    expect(result.state.current).toBe('M1');
    expect(result.state.molecules[1]!.choices![point]).toBe(fragment);
    expect(result.feedback).toContain(`R1 ${scenario.lead.choices[point]} -> ${fragment}`);
    expect(result.feedback).toMatch(/similarity to the lead 1 -> 0\.\d+/);
  });

  it('a fragment not offered at a point is refused with what is offered there', async () => {
    const scenario = await scenarioOf(2, LEVELS[0]!);
    const missing = FRAGMENTS.find((f) => !scenario.offered.R1!.includes(f.name))!;
    const result = step(scenario, initialState(scenario), { type: 'edit', point: 'R1', fragment: missing.name });
    expect(result.error).toMatch(/offered there: H/);
  });

  it('an invalid SMILES is refused with the chemistry error and makes nothing', async () => {
    const scenario = await scenarioOf(2, LEVELS[0]!);
    const start = initialState(scenario);
    const ring = step(scenario, start, { type: 'propose', smiles: 'c1ccccc' });
    expect(ring.error).toMatch(/unclosed ring/);
    const valence = step(scenario, start, { type: 'propose', smiles: 'CC(C)(C)(C)(C)C' });
    expect(valence.error).toMatch(/valence/i);
    expect(ring.state.molecules).toHaveLength(1);
  });

  it('assays cost budget, repeat the same seeded reading for the same molecule, and stop when the budget is spent', async () => {
    const scenario = { ...(await scenarioOf(4, LEVELS[0]!)), assay_budget: 2 };
    let state = initialState(scenario);
    const first = step(scenario, state, { type: 'assay', molecule: 'M0', measure: 'activity' });
    state = first.state;
    expect(first.feedback).toMatch(/pIC50 of M0 = \d/);
    expect(step(scenario, state, { type: 'assay', molecule: 'M0', measure: 'activity' }).error).toMatch(/already measured/);
    // The lead remade by a proposal is the same molecule, so its reading is the same one.
    state = step(scenario, state, { type: 'propose', smiles: scenario.lead.smiles }).state;
    expect(step(scenario, state, { type: 'assay', molecule: 'M1', measure: 'activity' }).error).toMatch(/already measured \(M0: /);
    state = step(scenario, state, { type: 'assay', molecule: 'M0', measure: 'clogp' }).state;
    expect(step(scenario, state, { type: 'assay', molecule: 'M0', measure: 'tpsa' }).error).toMatch(/budget .* is spent/);
  });

  it('hidden properties show as null until assayed', async () => {
    const level = LEVELS.find((l) => levelsOf(plugin).find((x) => x.name === l)!.config.properties_visible === false)!;
    const scenario = await scenarioOf(5, level);
    let state = initialState(scenario);
    const before = plugin.observe(scenario, state).data as LeadObservation;
    expect(before.molecules[0]!.properties.clogp).toBeNull();
    state = step(scenario, state, { type: 'assay', molecule: 'M0', measure: 'clogp' }).state;
    const after = plugin.observe(scenario, state).data as LeadObservation;
    expect(after.molecules[0]!.properties.clogp).toBe(state.molecules[0]!.values.clogp);
    expect(after.molecules[0]!.properties.tpsa).toBeNull();
    expect(after.depiction_svg).toMatch(/^<\?xml|<svg/);
  });

  it('renders the current molecule for the play page, the same picture the agent gets', async () => {
    const scenario = await scenarioOf(7, LEVELS[0]!);
    let state = initialState(scenario);
    const lead = plugin.render!(scenario, state);
    expect(lead).toMatch(/<svg/);
    expect(lead).toBe((plugin.observe(scenario, state).data as LeadObservation).depiction_svg);
    const edit = ((await plugin.solve(scenario)) as { type: string }[]).find((a) => a.type === 'edit' || a.type === 'propose');
    if (edit) {
      state = step(scenario, state, edit as never).state;
      expect(plugin.render!(scenario, state)).toBe((plugin.observe(scenario, state).data as LeadObservation).depiction_svg);
      expect(plugin.render!(scenario, state)).not.toBe(lead);
    }
  });

  it('nothing is graded before a submit, so edits and assays pay no hidden-potency signal', async () => {
    const scenario = await scenarioOf(6, LEVELS[0]!);
    let state = initialState(scenario);
    for (const action of (await plugin.solve(scenario)).slice(0, -1)) state = step(scenario, state, action).state;
    expect(gradeState(scenario, state).score).toBe(0);
  });
});

describe('lead-optimization grade', () => {
  it('the reference solver reaches at least 0.95 at every level, within the assay budget', async () => {
    for (const level of LEVELS) {
      for (const seed of [0, 1]) {
        const outcome = await runReferenceSolver(task, seed, undefined, { level, split: 'test' });
        expect(outcome.rawScore, `${level} seed ${seed}`).toBeGreaterThanOrEqual(0.95);
        expect(outcome.breakdown.assays_used).toBeLessThanOrEqual(outcome.breakdown.assay_budget as number);
      }
    }
  });

  it('trivial chemists stay at or below the ceiling: the lead, a fixed ideal drug, another seed\'s best, random edits, the hint-only script', async () => {
    for (const level of [LEVELS[0]!, TOP]) {
      for (const seed of [0, 1, 2]) {
        const other = await scenarioOf(seed + 100, level);
        const policies: Array<[string, Policy]> = [
          ['lead', submitLead()],
          ['ideal', proposeFixed(IDEAL_SMILES)],
          ['other-best', proposeFixed(oracleOf(other).best.smiles)],
          ['random-edits', randomEdits(seed, 4)],
          ['hint-only', hintOnlyPolicy()],
        ];
        for (const [name, policy] of policies) {
          const outcome = await runPolicy(task, seed, policy, { level, split: 'test' });
          expect(outcome.rawScore, `${name} at ${level} seed ${seed}`).toBeLessThanOrEqual(CEILING);
        }
      }
    }
  });

  it('a submitted molecule that breaks a gate scores 0 and says which gate', async () => {
    const scenario = await scenarioOf(8, LEVELS[0]!);
    let state = initialState(scenario);
    state = step(scenario, state, { type: 'propose', smiles: IDEAL_SMILES }).state;
    state = step(scenario, state, { type: 'submit' }).state;
    const grade = gradeState(scenario, state);
    expect(grade.score).toBe(0);
    expect(grade.breakdown.gate_failures).toContain('the series core is not kept');
  });
});
