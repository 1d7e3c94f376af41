// Zod schemas of the lead-optimization task: difficulty config, agent actions and the structured observation.
import { z } from 'zod';
import { actionVariant } from 'openenv-ts';
import { FRAGMENT_NAMES } from './fragment-library.js';
import { PROPERTY_KEYS } from './profile.js';

export const MAX_SMILES_CHARS = 300;
/** Molecules one episode may make (edits and proposals); bounds the state and the prompt. */
export const MAX_MOLECULES = 60;

export const configSchema = z.strictObject({
  objectives: z.number().int().min(1).max(8).default(1).describe('Property objectives in the target product profile besides potency (cLogP, TPSA, MW, HBD, rotatable bonds, HBA, aromatic rings, drug-likeness, in that order)'),
  assay_budget: z.number().int().min(1).max(40).default(20).describe('Assays the episode may run (each measures one property or the activity of one molecule)'),
  properties_visible: z.boolean().default(true).describe('Whether computed properties are shown for every molecule made; when false a property is known only once assayed'),
  similarity_min: z.number().min(0).max(1).default(0.3).describe('Lowest Tanimoto similarity (Morgan radius 2) to the lead a submitted molecule may have'),
  similarity_max: z.number().min(0).max(1).default(0.95).describe('Highest similarity to the lead a submitted molecule may have (it must be a new analogue)'),
  assay_noise: z.number().min(0).max(1).default(0.1).describe('Standard deviation of the activity assay noise, in pIC50 units (seeded: the same molecule always measures the same)'),
  range_scale: z.number().min(0.3).max(2).default(1.4).describe('Width of the profile windows relative to a standard width; smaller is tighter'),
  lipophilicity_pull: z.number().min(0).max(1).default(0.15).describe('How strongly potency rises with cLogP in the hidden model (high values fight a low cLogP ceiling)'),
  offered_fragments: z.number().int().min(6).max(30).default(14).describe('Substituents offered per attachment point besides hydrogen (two of them carry structural alerts)'),
});
export type LeadConfig = z.infer<typeof configSchema>;

const MOLECULE_ID = z.string().max(12).describe('A molecule id from the notebook, e.g. "M0" (the lead) or "M3"');

export const actionSchema = z.discriminatedUnion('type', [
  actionVariant('edit', 'Make a new analogue of the current molecule by putting a library substituent at one attachment point ("H" removes it); the new molecule becomes current.', {
    point: z.enum(['R1', 'R2', 'R3']).describe('Attachment point to change'),
    fragment: z.enum(FRAGMENT_NAMES).describe('Substituent name from the fragment library offered at that point'),
  }),
  actionVariant('propose', 'Make any molecule written as SMILES (validated and sanitised by RDKit); it becomes current but cannot be edited by attachment point.', {
    smiles: z.string().max(MAX_SMILES_CHARS).describe('The molecule as a SMILES string'),
  }),
  actionVariant('assay', 'Measure one property or the potency (pIC50) of a molecule already made; costs one assay from the budget.', {
    molecule: MOLECULE_ID,
    measure: z.enum(['activity', ...PROPERTY_KEYS]).describe('"activity" (pIC50, noisy) or a property: clogp, tpsa, mw, hbd, hba, rotb, arom_rings, druglikeness'),
  }),
  actionVariant('view', 'Show a molecule in detail and make it the current molecule (edits start from the current molecule).', {
    molecule: MOLECULE_ID,
  }),
  actionVariant('submit', 'Submit one molecule as the candidate; ends the episode and grades it.', {
    molecule: MOLECULE_ID.optional().describe('Molecule to submit; the current molecule when left out'),
  }),
]);
export type LeadAction = z.infer<typeof actionSchema>;

const valuesSchema = z.record(z.string(), z.number().nullable()).describe('Property values; null when hidden until assayed');

const moleculeSchema = z.object({
  id: z.string(),
  smiles: z.string(),
  origin: z.string(),
  substituents: z.record(z.string(), z.string()).nullable().describe('Substituent at each attachment point (null for a proposed SMILES)'),
  similarity_to_lead: z.number(),
  core_kept: z.boolean(),
  alerts: z.array(z.string()),
  properties: valuesSchema,
  measured_activity: z.number().nullable().describe('pIC50 from an activity assay, null when not assayed'),
});

export const observationSchema = z.object({
  project: z.string(),
  rdkit_version: z.string(),
  core_smiles: z.string().describe('The series core every submitted molecule must contain'),
  attachment_points: z.array(z.object({ name: z.string(), where: z.string(), offered: z.array(z.string()) })),
  fragment_library: z.array(z.object({ name: z.string(), smiles: z.string(), label: z.string() })),
  objectives: z.array(z.object({ property: z.string(), min: z.number().nullable(), max: z.number().nullable(), tolerance: z.number(), text: z.string() })),
  structural_alerts: z.array(z.object({ name: z.string(), smarts: z.string() })),
  similarity_window: z.object({ min: z.number(), max: z.number() }),
  properties_visible: z.boolean(),
  assay_budget: z.number(),
  assays_left: z.number(),
  current: z.string(),
  molecules: z.array(moleculeSchema),
  assays: z.array(z.object({ molecule: z.string(), measure: z.string(), value: z.number() })),
  depiction_svg: z.string().describe('SVG depiction of the current molecule'),
  submitted: z.string().nullable(),
});
export type LeadObservation = z.infer<typeof observationSchema>;
