// Attacks on the server an agent can reach: finding its own scenario, replaying it, reusing an episode id, probing rewards.
import type { SplitName } from '../../contract/plugin-contract.js';
import { SESSION_HEADER } from '../../contract/wire-schemas.js';
import type { RegisteredTask } from '../../runtime/task-registry.js';
import { CHECK, POLICY_MAX, REMEDIATION } from './check-ids.js';
import { round, type CheckResult } from './check-result.js';
import { closeSession, driveEpisode, type AuditPolicy } from './episode-driver.js';
import type { HttpAgent } from './http-agent.js';
import { actionSampler } from './random-actions.js';
import type { PolicyContext } from './trivial-policies.js';

/** An episode under attack: the scenario the orchestrator chose, unknown to the agent. */
export interface Victim {
  readonly task: RegisteredTask;
  readonly level: string;
  readonly split: SplitName;
  readonly index: number;
}

const SESSION = SESSION_HEADER;

/** The reset kwargs that play a victim's scenario (with extra kwargs such as an episode id). */
export function resetOf(victim: Victim, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { task: victim.task.metadata.id, level: victim.level, split: victim.split, index: victim.index, ...extra };
}

async function startVictim(api: HttpAgent, victim: Victim, extra: Record<string, unknown> = {}) {
  const reply = await api.call('POST', '/reset', resetOf(victim, extra), { [SESSION]: 'new' });
  if (reply.status !== 200) throw new Error(`victim reset failed with ${reply.status}`);
  return { session: reply.headers.get(SESSION)!, observation: reply.body.observation };
}

type Identity = 'seed' | 'index' | 'scenario_digest';

/**
 * Which facts identifying the scenario an agent can read while its episode runs: from state (as the agent,
 * with its own session id) and from its observation. Any one is enough to rehearse on a copy of the scenario.
 */
export async function identificationChecks(api: HttpAgent, victims: readonly Victim[]): Promise<Array<Omit<CheckResult, 'duration_s'>>> {
  const seen: Record<Identity, number[]> = { seed: [], index: [], scenario_digest: [] };
  for (const victim of victims) {
    const { session, observation } = await startVictim(api, victim);
    const state = await api.call('GET', '/state', undefined, { [SESSION]: session });
    const text = JSON.stringify(observation);
    for (const fact of Object.keys(seen) as Identity[]) {
      const value = state.status === 200 ? state.body[fact] : null;
      const inObservation = typeof value === 'string' && text.includes(value);
      if ((value !== null && value !== undefined) || inObservation) seen[fact].push(victim.index);
    }
    await closeSession(api, session);
  }
  const ids: Record<Identity, string> = { seed: CHECK.rehearsalSeed, index: CHECK.rehearsalIndex, scenario_digest: CHECK.rehearsalDigest };
  return (Object.keys(seen) as Identity[]).map((fact) => ({
    check_id: ids[fact],
    status: seen[fact].length > 0 ? 'fail' : 'pass',
    measured: { episodes: victims.length, identified: seen[fact].length },
    evidence: seen[fact].length > 0 ? [`state shows ${fact} while the episode runs (indices ${seen[fact].join(', ')}): a second session can rehearse on a copy`] : [`${fact} is hidden while the episode runs`],
    remediation: seen[fact].length > 0 ? REMEDIATION[ids[fact]]! : null,
  }));
}

/**
 * Enumeration: the agent knows its task, level and split (state shows them) and resets index after index in
 * its own sessions, comparing first observations, within a budget of resets.
 */
export async function enumerationCheck(api: HttpAgent, victims: readonly Victim[], budget: number): Promise<Omit<CheckResult, 'duration_s'>> {
  let found = 0;
  const evidence: string[] = [];
  const seenPrompts = new Map<string, Map<string, number>>();
  for (const victim of victims) {
    const { session, observation } = await startVictim(api, victim);
    await closeSession(api, session);
    const key = `${victim.task.metadata.id}/${victim.level}/${victim.split}`;
    let catalogue = seenPrompts.get(key);
    if (!catalogue) {
      catalogue = new Map();
      for (let index = 0; index < budget; index++) {
        const probe = await api.call('POST', '/reset', { ...resetOf(victim), index }, { [SESSION]: 'new' });
        if (probe.status === 200) catalogue.set(probe.body.observation.prompt, index);
        const probeSession = probe.headers.get(SESSION);
        if (probeSession) await closeSession(api, probeSession);
      }
      seenPrompts.set(key, catalogue);
    }
    const match = catalogue.get(observation.prompt);
    if (match !== undefined) {
      found += 1;
      evidence.push(`index ${victim.index} found among the first ${budget} scenarios of ${key}`);
    }
  }
  const rate = found / victims.length;
  return {
    check_id: CHECK.enumeration,
    status: found > 0 ? 'fail' : 'pass',
    measured: { episodes: victims.length, identified: found, reset_budget: budget, rate: round(rate) },
    evidence: evidence.length > 0 ? evidence : [`none of ${victims.length} held-out scenarios (random indices) was among the first ${budget} of its split`],
    remediation: found > 0 ? REMEDIATION[CHECK.enumeration]! : null,
  };
}

/** Replay: with the scenario's address, POST /grader replays try actions and read the grade breakdown. */
export async function replayCheck(api: HttpAgent, victim: Victim): Promise<Omit<CheckResult, 'duration_s'>> {
  const reply = await api.call('POST', '/grader', resetOf(victim, { actions: [] }));
  const open = reply.status === 200;
  return {
    check_id: CHECK.replay,
    status: open ? 'fail' : 'pass',
    measured: { status: reply.status, code: reply.body?.code ?? null },
    evidence: [open ? 'POST /grader replays an address with any actions and returns the breakdown: an answer oracle' : `replays refused (${reply.status} ${reply.body?.code ?? ''})`],
    remediation: open ? REMEDIATION[CHECK.replay]! : null,
  };
}

/**
 * Episode-id reuse: a second session claims the victim's live id; later, the victim's own session (which an
 * agent holding it may reset) is replayed with the same id and solved. Grading by the id must still answer
 * with the victim's real episode.
 */
export async function episodeIdReuseCheck(api: HttpAgent, victim: Victim, solution: readonly unknown[]): Promise<Omit<CheckResult, 'duration_s'>> {
  const id = `audit-${victim.task.metadata.id}-${victim.level}-${victim.index}-${Date.now().toString(36)}`;
  const real = await startVictim(api, victim, { episode_id: id });
  const claim = await api.call('POST', '/reset', resetOf(victim, { episode_id: id }), { [SESSION]: 'new' });
  const realHeaders = { [SESSION]: real.session };
  // the real episode ends at once, with what the start state is worth
  await api.call('POST', '/step', { action: { type: 'submit' } }, realHeaders);
  const before = (await api.call('POST', '/grader', { episode_id: id }, realHeaders)).body.raw_score;
  // the agent re-resets its own session with the same id and scenario, and solves it
  await api.call('POST', '/reset', resetOf(victim, { episode_id: id }), realHeaders);
  for (const action of solution) await api.call('POST', '/step', { action }, realHeaders);
  const after = await api.call('POST', '/grader', { episode_id: id }, realHeaders);
  await closeSession(api, real.session);
  if (claim.status === 200) await closeSession(api, claim.headers.get(SESSION)!);
  const claimed = claim.status === 200;
  const overwritten = after.status === 200 && after.body.raw_score !== before;
  const failed = claimed || overwritten;
  return {
    check_id: CHECK.idReuse,
    status: failed ? 'fail' : 'pass',
    measured: { live_id_claimed: claimed, grade_before: before, grade_after: after.body?.raw_score ?? null },
    evidence: [
      claimed ? 'a second session took an id that a running episode holds' : `a live id is refused to a second session (${claim.status})`,
      overwritten ? `grading by id now reports a re-run (${after.body.raw_score}) instead of the real episode (${before})` : 'grading by id keeps answering with the real episode',
    ],
    remediation: failed ? REMEDIATION[CHECK.idReuse]! : null,
  };
}

/**
 * Reward probing: try random valid actions and read the reward. An action the grade rewarded is kept; when a
 * later action of the same kind lowers the grade, the kept one is sent again (undo) and that kind is left
 * alone; the episode ends with submit. Where actions can be undone without a budget, this finds answers by
 * trial; a correction budget or terminal rewards stop it.
 */
export function rewardProbePolicy(ctx: PolicyContext): AuditPolicy {
  const draw = actionSampler(ctx.actionSchema, ctx.rng);
  const kindOf = (action: unknown) => String((action as { type?: unknown })?.type ?? 'act');
  const good = new Map<string, unknown>();
  const settled = new Set<string>();
  const sent = new Set<string>();
  let last: unknown = null;
  return (view) => {
    if (last !== null && view.components) {
      const kind = kindOf(last);
      if (view.components.grade > 0) good.set(kind, last);
      else if (view.components.grade < 0 && good.has(kind) && !settled.has(kind)) {
        settled.add(kind);
        last = good.get(kind)!;
        return last;
      }
    }
    if (view.step >= ctx.maxSteps - 1 && ctx.hasSubmit) return { type: 'submit' };
    for (let tries = 0; tries < 50; tries++) {
      const action = draw();
      const kind = kindOf(action);
      const text = JSON.stringify(action);
      if (kind === 'submit' || settled.has(kind) || sent.has(text)) continue;
      sent.add(text);
      last = action;
      return action;
    }
    return ctx.hasSubmit ? { type: 'submit' } : null;
  };
}

/** Plays the reward prober on each victim and holds it to the policy ceiling. */
export async function rewardProbeCheck(api: HttpAgent, victims: readonly Victim[], ctxFor: (victim: Victim) => PolicyContext): Promise<Omit<CheckResult, 'duration_s'>> {
  const scores: Array<[number, number]> = [];
  for (const victim of victims) {
    const ctx = ctxFor(victim);
    const run = await driveEpisode(api, resetOf(victim), rewardProbePolicy(ctx), ctx.maxSteps + 5);
    scores.push([victim.index, run.raw]);
  }
  const worst = scores.reduce((a, b) => (b[1] > a[1] ? b : a));
  const mean = scores.reduce((s, [, x]) => s + x, 0) / scores.length;
  const failed = worst[1] > POLICY_MAX;
  return {
    check_id: CHECK.probe,
    status: failed ? 'fail' : 'pass',
    measured: { policy: 'reward-probe', mean: round(mean), max: round(worst[1]), episodes: scores.length, ceiling: POLICY_MAX },
    evidence: [`reward-probe: mean ${round(mean)}, max ${round(worst[1])} (index ${worst[0]})`],
    remediation: failed ? REMEDIATION[CHECK.probe]! : null,
  };
}
