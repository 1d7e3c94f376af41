// `openenv-ts/audit`: the adversarial audit panel, the offline grader audit, and the building blocks they are made of.
import 'reflect-metadata';

export { auditTask, formatAudit, DEFAULT_AUDIT_THRESHOLDS, type AuditThresholds, type TaskAudit, type PolicyStats } from './tools/grader-audit.js';
export { FULL_PANEL, REDUCED_PANEL, runPanel, type LevelAudit, type PanelOptions } from './tools/audit/panel.js';
export { breaches, formatPanel, reportV2, verdictOf, type Verdict } from './tools/audit/report.js';
export { compareWithKnown, KNOWN_BREACHES_FILE, readKnownBreaches, type KnownBreaches } from './tools/audit/known-breaches.js';
export { CrossSeedMemoriser, type Demonstration } from './tools/audit/memoriser.js';
export { playMemoriser, trainingDemonstrations, type MemoriserAddress } from './tools/audit/memoriser-runs.js';
export { partsOf, wordsOf, type ObservationParts } from './tools/audit/observation-blocks.js';
export { Perceptron } from './tools/audit/perceptron.js';
export { repetitionMetric, sentencesOf, skeletonOf, type RepetitionReport } from './tools/audit/repetition.js';
export { actionSampler, extremeActions, schemaVariants, UNBOUNDED_STRING_LENGTH } from './tools/audit/random-actions.js';
export { stringForPattern, type PatternMode } from './tools/audit/pattern-strings.js';
