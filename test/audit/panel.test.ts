// The audit panel must catch what it exists to catch: leaky, repetitive and reward-oracle tasks, and a server without its defences.
import { describe, expect, it } from 'vitest';
import { createEnvironment } from 'openenv-ts';
import { runPanel, type LevelAudit, breaches, reportV2 } from 'openenv-ts/audit';
import { ECHO_MANIFEST, fixtureManifest } from '../helpers/start-server.js';

const SMALL = { seeds: 3, trainSeeds: 30, repetitionSeeds: 30, enumerationBudget: 8 };

function statusOf(audits: LevelAudit[], task: string, checkId: string, policy?: string): string[] {
  return audits
    .filter((a) => a.task === task)
    .flatMap((a) => a.results)
    .filter((r) => r.check_id === checkId && (policy === undefined || r.measured.policy === policy))
    .map((r) => r.status);
}

describe('the panel catches weak tasks', () => {
  it('an answer in the observation, text that repeats across splits, and a dense reward that says right or wrong', async () => {
    const env = await createEnvironment({ manifestPath: fixtureManifest('weak-plugins'), env: {} });
    const audits = await runPanel(env, SMALL);
    expect(statusOf(audits, 'leaky-answer', 'audit.observation_echo')).toContain('fail');
    expect(statusOf(audits, 'repeating-text', 'audit.repetition')).toContain('fail');
    expect(statusOf(audits, 'reward-oracle', 'audit.reward_probe')).toContain('fail');
    // and the reference solvers are fine: the breaches are the exploits, not broken tasks
    for (const task of ['leaky-answer', 'repeating-text', 'reward-oracle']) expect(statusOf(audits, task, 'semantic.oracle_max')).toEqual(['pass']);
    const lines = breaches(audits);
    expect(lines.some((l) => /^leaky-answer @ only: audit\.observation_echo FAIL: echo-observation: mean [\d.]+, max 1 \(test index \d+\)/.test(l))).toBe(true);
  });
});

describe('the panel catches a server without its agent-boundary defences', () => {
  it('passes the echo task on a server with default settings', async () => {
    const env = await createEnvironment({ manifestPath: ECHO_MANIFEST, env: {} });
    const audits = await runPanel(env, { ...SMALL, levels: ['short'] });
    const attacks = ['audit.rehearsal_seed', 'audit.rehearsal_index', 'audit.rehearsal_digest', 'audit.grader_replay', 'audit.episode_id_reuse', 'audit.rehearsal_enumeration'];
    for (const check of attacks) expect(statusOf(audits, 'echo', check), check).toEqual(['pass']);
  });

  it('flags revealed scenario facts, open replays and episode-id reuse when those defences are off', async () => {
    const env = await createEnvironment({ manifestPath: ECHO_MANIFEST, env: {} });
    const audits = await runPanel(env, {
      ...SMALL,
      levels: ['short'],
      server: { replayGrading: true, unsafeWithoutDefences: { revealScenario: true, episodeIdReuse: true } },
    });
    for (const check of ['audit.rehearsal_seed', 'audit.rehearsal_index', 'audit.rehearsal_digest', 'audit.grader_replay', 'audit.episode_id_reuse']) {
      expect(statusOf(audits, 'echo', check), check).toEqual(['fail']);
    }
  });
});

describe('reports', () => {
  it('are OpenEnv report-2 documents with two-part check ids and a verdict', async () => {
    const env = await createEnvironment({ manifestPath: ECHO_MANIFEST, env: {} });
    const [audit] = await runPanel(env, { ...SMALL, seeds: 1, levels: ['short'] });
    const report = reportV2(env, audit!);
    expect(report).toMatchObject({ report_schema_version: '2', signature: 'openenv.yaml', lane: 'local', manifest: null, target: 'echo-fixture/echo@short' });
    expect(['pass', 'warn', 'fail']).toContain(report.verdict);
    for (const result of report.results) {
      expect(result.check_id).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(['pass', 'fail', 'skip', 'error']).toContain(result.status);
      expect(result.duration_s).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(result.evidence)).toBe(true);
    }
    const ids = new Set(report.results.map((r) => r.check_id));
    for (const id of ['semantic.oracle_max', 'semantic.floor_gap', 'runtime.seed_control', 'runtime.episode_determinism', 'audit.memoriser', 'audit.repetition']) expect(ids).toContain(id);
  });
});
