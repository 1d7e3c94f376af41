// The difficulty levels of lead-optimization, easiest first: presets of the config knobs.
import type { TaskLevel } from 'openenv-ts';
import type { LeadConfig } from './schemas.js';

export const LEVELS: readonly TaskLevel<LeadConfig>[] = [
  {
    name: 'potency-and-logp',
    description: 'Two objectives (potency and a cLogP window), 20 assays, every computed property shown, a wide similarity window (0.3-0.95).',
    config: {},
  },
  {
    name: 'small-profile',
    description: 'Potency plus cLogP, TPSA and molecular weight windows; 14 assays; similarity 0.35-0.9.',
    config: { objectives: 3, assay_budget: 14, similarity_min: 0.35, similarity_max: 0.9, range_scale: 1.2 },
  },
  {
    name: 'full-profile',
    description: 'Potency plus six property objectives (adds donors, rotatable bonds, acceptors); 10 assays; similarity 0.4-0.9; noisier assays.',
    config: { objectives: 6, assay_budget: 10, similarity_min: 0.4, similarity_max: 0.9, range_scale: 1, assay_noise: 0.2, lipophilicity_pull: 0.25 },
  },
  {
    name: 'hidden-properties',
    description: 'Potency plus eight objectives (adds aromatic rings and drug-likeness); properties hidden until assayed; 10 assays; similarity 0.45-0.88.',
    config: { objectives: 8, assay_budget: 10, properties_visible: false, similarity_min: 0.45, similarity_max: 0.88, range_scale: 0.9, assay_noise: 0.25, lipophilicity_pull: 0.3 },
  },
  {
    name: 'expert',
    description: 'Eight tight objectives with potency pulling cLogP the other way, properties hidden until assayed, 7 assays, a narrow similarity window (0.5-0.85), noisy assays and more substituents.',
    config: { objectives: 8, assay_budget: 7, properties_visible: false, similarity_min: 0.5, similarity_max: 0.85, range_scale: 0.7, assay_noise: 0.3, lipophilicity_pull: 0.45, offered_fragments: 18 },
  },
];
