// Plain-data shapes of a lead-optimization scenario and episode state.
import type { ActivityModel } from './activity-model.js';
import type { Choices } from './edit-space.js';
import type { Objective, ProfileValues, PropertyKey } from './profile.js';

export type Measure = 'activity' | PropertyKey;

export interface LeadScenario {
  /** The @rdkit/rdkit release the scenario was computed with (enters the scenario digest). */
  readonly rdkit_version: string;
  /** The scaffold family, "series/name". */
  readonly family: string;
  readonly project: string;
  readonly core: string;
  /** Substituents offered at each attachment point ("H" always among them). */
  readonly offered: Readonly<Record<string, readonly string[]>>;
  readonly lead: { readonly smiles: string; readonly choices: Choices };
  readonly objectives: readonly Objective[];
  readonly properties_visible: boolean;
  readonly assay_budget: number;
  /** Standard deviation of the activity assay's seeded noise, in log units. */
  readonly assay_noise: number;
  readonly similarity_window: { readonly min: number; readonly max: number };
  /** Hidden: the analogue the profile was built around (a gate-passing molecule the oracle always considers). */
  readonly target: Choices;
  /** Hidden: the potency function. */
  readonly model: ActivityModel;
  /** Hidden: keys the seeded measurement noise, so the same molecule always measures the same. */
  readonly noise_key: number;
}

/** One molecule made in the episode. */
export interface MadeMolecule {
  readonly id: string;
  readonly smiles: string;
  /** How it was made, in words ("lead", "edit of M2: R1 OMe -> Cl", "proposed"). */
  readonly origin: string;
  /** Substituent per point when made by edits (editable); null for a proposed SMILES. */
  readonly choices: Choices | null;
  readonly values: ProfileValues;
  readonly alerts: readonly string[];
  readonly core_kept: boolean;
  readonly similarity: number;
}

export interface AssayRecord {
  readonly molecule: string;
  readonly measure: Measure;
  readonly value: number;
}

export interface LeadState {
  readonly molecules: readonly MadeMolecule[];
  readonly current: string;
  readonly assays: readonly AssayRecord[];
  readonly submitted: string | null;
}
