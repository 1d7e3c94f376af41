// The two actions of the end-of-shift escalation: investigate (telemetry for one ticket, budgeted) and escalate (the chosen tickets).
import type { Transition } from 'openenv-ts';
import { normalTicketId } from './action-keys.js';
import type { TriageAction } from './schemas.js';
import type { TriageScenario, TriageState } from './types.js';

type EscalationAction = Extract<TriageAction, { type: 'investigate' | 'escalate' }>;

export function escalationStep(scenario: TriageScenario, state: TriageState, action: EscalationAction): Transition<TriageState> {
  const truth = scenario.escalation;
  if (!truth) return { state, error: `This inbox has no end-of-shift escalation: ${action.type} is only available at the top level.` };
  const ids = new Map(scenario.tickets.map((t) => [normalTicketId(t.ticket.id), t.ticket.id]));
  if (action.type === 'investigate') {
    const id = ids.get(normalTicketId(action.ticket_id));
    if (!id) return { state, error: `Unknown ticket_id "${action.ticket_id}". Tickets in this inbox: ${[...ids.values()].join(', ')}.` };
    const done = state.investigated ?? [];
    const again = done.includes(id);
    // The budget counts distinct tickets; a measurement once taken stays in the observation.
    if (!again && done.length >= truth.investigate_budget) {
      return { state, error: `Investigation budget used: ${done.length} of ${truth.investigate_budget} tickets measured (${done.join(', ')}). Decide from what you have.` };
    }
    const investigated = again ? done : [...done, id];
    const left = truth.investigate_budget - investigated.length;
    return {
      state: { ...state, investigated },
      feedback: `Telemetry for ${id}: ${truth.measured_users[id]} users actually affected (measured). ${left} of ${truth.investigate_budget} investigations left.`,
    };
  }
  const chosen: string[] = [];
  for (const raw of action.ticket_ids) {
    const id = ids.get(normalTicketId(raw));
    if (!id) return { state, error: `Unknown ticket_id "${raw}". Tickets in this inbox: ${[...ids.values()].join(', ')}.` };
    if (!chosen.includes(id)) chosen.push(id);
  }
  if (chosen.length > truth.slots) return { state, error: `Too many tickets: ${chosen.length} chosen, ${truth.slots} escalation slots in this inbox.` };
  return {
    state: { ...state, escalated: chosen },
    feedback: `Escalation list set: ${chosen.length > 0 ? chosen.join(', ') : '(empty)'} (${chosen.length} of ${truth.slots} slots). Scored only at submit.`,
  };
}
