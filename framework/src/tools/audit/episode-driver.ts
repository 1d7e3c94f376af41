// Plays one audit policy through the server over HTTP, in its own session, as an agent would see it.
import type { WireObservation } from '../../runtime/episode-types.js';
import type { RewardComponents } from '../../runtime/reward-ledger.js';
import type { HttpAgent } from './http-agent.js';
import { SESSION_HEADER } from '../../contract/wire-schemas.js';

/** What a policy sees before each decision: only what the agent's replies carried. */
export interface AgentView {
  readonly observation: WireObservation;
  readonly reward: number | null;
  readonly components: RewardComponents | null;
  /** Steps taken so far. */
  readonly step: number;
}

/** Picks the next action from what the agent has seen, or null to stop acting. */
export type AuditPolicy = (view: AgentView) => unknown | null | Promise<unknown | null>;

export interface DrivenEpisode {
  readonly raw: number;
  readonly steps: number;
  readonly done: boolean;
  readonly sessionId: string;
  readonly episodeId: string | null;
  /** Every reward the agent received. */
  readonly rewards: number[];
}

const SESSION = SESSION_HEADER;

/** Closes a session the panel made (MCP openenv/session/close), so thousands of audit episodes hold no capacity. */
export async function closeSession(api: HttpAgent, sessionId: string): Promise<void> {
  await api.call('POST', '/mcp', { jsonrpc: '2.0', id: 1, method: 'openenv/session/close', params: { session_id: sessionId } });
}

/** Resets a fresh session with `reset` kwargs and lets the policy act until done, stop, or the decision cap. */
export async function driveEpisode(api: HttpAgent, reset: Record<string, unknown>, policy: AuditPolicy, maxDecisions: number): Promise<DrivenEpisode> {
  const started = await api.call('POST', '/reset', reset, { [SESSION]: 'new' });
  if (started.status !== 200) throw new Error(`reset ${JSON.stringify(reset)} failed with ${started.status}: ${JSON.stringify(started.body).slice(0, 300)}`);
  const sessionId = started.headers.get(SESSION)!;
  const headers = { [SESSION]: sessionId };
  let view: AgentView = { observation: started.body.observation, reward: null, components: null, step: 0 };
  let done = false;
  const rewards: number[] = [];
  for (let decision = 0; decision < maxDecisions && !done; decision++) {
    const action = await policy(view);
    if (action === null || action === undefined) break;
    const reply = await api.call('POST', '/step', { action }, headers);
    if (reply.status === 200) {
      rewards.push(reply.body.reward);
      done = reply.body.done;
      view = { observation: reply.body.observation, reward: reply.body.reward, components: reply.body.reward_components ?? null, step: view.step + 1 };
    } else if (reply.status !== 422) {
      throw new Error(`step failed with ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
    }
  }
  const graded = await api.call('POST', '/grader', {}, headers);
  await closeSession(api, sessionId);
  if (graded.status !== 200) throw new Error(`grading failed with ${graded.status}: ${JSON.stringify(graded.body).slice(0, 300)}`);
  return { raw: graded.body.raw_score, steps: view.step, done, sessionId, episodeId: graded.body.episode_id ?? null, rewards };
}
