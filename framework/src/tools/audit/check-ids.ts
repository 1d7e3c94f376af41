// The audit panel's checks in OpenEnv's RFC 008 vocabulary (two-part ids), with the thresholds each is held to.

/** A policy that plays the task; its mean raw score over the audited episodes is held to a bound. */
export interface PolicyCheck {
  readonly checkId: string;
  readonly policy: string;
  /** 'min': the mean must reach the bound (the reference solver); 'max': no episode may exceed it. */
  readonly kind: 'min' | 'max';
  readonly remediation: string;
}

/** The reference solver must reach this mean raw score at every level. */
export const ORACLE_MIN = 0.95;
/** Every other policy must stay at or below this raw score on every audited episode. */
export const POLICY_MAX = 0.35;
/** Share of distinct held-out observation sentences (8+ words) that may appear verbatim in train. */
export const REPETITION_MAX = 0.05;

export const CHECK = {
  oracle: 'semantic.oracle_max',
  floor: 'semantic.floor_gap',
  seedControl: 'runtime.seed_control',
  determinism: 'runtime.episode_determinism',
  repeat: 'audit.trivial_repeat',
  invalid: 'audit.trivial_invalid',
  extreme: 'audit.trivial_extreme',
  random: 'audit.trivial_random',
  echo: 'audit.observation_echo',
  memoriser: 'audit.memoriser',
  hints: 'audit.structured_hints',
  rehearsalSeed: 'audit.rehearsal_seed',
  rehearsalIndex: 'audit.rehearsal_index',
  rehearsalDigest: 'audit.rehearsal_digest',
  enumeration: 'audit.rehearsal_enumeration',
  replay: 'audit.grader_replay',
  idReuse: 'audit.episode_id_reuse',
  probe: 'audit.reward_probe',
  repetition: 'audit.repetition',
} as const;

/** What to change when a policy check fails, by check id. */
export const REMEDIATION: Record<string, string> = {
  [CHECK.oracle]: 'Make the reference solver (or the grader) reach full credit on every level and split; a task the solver cannot solve is not derivable.',
  [CHECK.floor]: 'Give no credit for the start state or for ending at once (grade only work done).',
  [CHECK.seedControl]: 'Generate scenarios from the seeded generator only (no clock, no Math.random, no shared mutable state).',
  [CHECK.determinism]: 'Make transition() and grade() pure functions of scenario, state and action.',
  [CHECK.repeat]: 'Do not pay for the same action twice; grade the state, not the activity.',
  [CHECK.invalid]: 'Refuse malformed actions without credit.',
  [CHECK.extreme]: 'Refuse or give no credit to empty and oversized inputs; never let length or emptiness match an answer.',
  [CHECK.random]: 'Make credit depend on the right answer, not on any well-formed action.',
  [CHECK.echo]: 'The observation carries the answer (or enough of it): keep hidden facts out of prompt and data.',
  [CHECK.memoriser]: 'Held-out scenarios repeat what train scenarios show: add generator families (templates, schemas, phrasings) and deal more of them to test.',
  [CHECK.hints]: 'The structured hints decide the answer without the prose: hide them at this level or make them insufficient.',
  [CHECK.rehearsalSeed]: 'Keep the seed out of state and observations while the episode runs.',
  [CHECK.rehearsalIndex]: 'Keep the split index out of state and observations while the episode runs.',
  [CHECK.rehearsalDigest]: 'Keep the scenario digest out of state and observations while the episode runs.',
  [CHECK.enumeration]: 'Serve larger held-out splits, evaluate on randomly drawn indices, or lock resets with OPENENV_ORCHESTRATOR_TOKEN.',
  [CHECK.replay]: 'Turn POST /grader replays off where an agent can reach the server (OPENENV_GRADER_REPLAY=false, the default).',
  [CHECK.idReuse]: 'Refuse an episode id another session holds, and answer grading by id with the first episode of that id in the session.',
  [CHECK.probe]: 'The per-step reward tells right from wrong by trial: budget corrections (plugin `corrections`) or evaluate in terminal reward mode.',
  [CHECK.repetition]: 'Held-out observations repeat train sentences verbatim: vary phrasing per family and deal more families to test.',
};
