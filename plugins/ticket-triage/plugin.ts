// The ticket-triage task: label a seeded support inbox with category, priority and team by the inbox's written policy.
import { Task, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition, type WireObservation } from 'openenv-ts';
import { normalCode, normalTicketId, triageCorrections, triageRepeatKey } from './action-keys.js';
import { configSchema, type TriageConfig } from './config.js';
import { TRIAGE_FAMILIES } from './families.js';
import { gradeTriage } from './grader.js';
import { triageHintOnlyPolicy } from './hint-only-policy.js';
import { observeTriage, renderAccount } from './observation.js';
import { solveTriage } from './reference-solver.js';
import { TRIAGE_LEVELS } from './levels.js';
import { generateScenario } from './scenario-generator.js';
import { actionSchema, observationSchema, type TriageAction, type TriageData } from './schemas.js';
import { allowedValues } from './triage-policy.js';
import type { TriageScenario, TriageState } from './types.js';
import { escalationStep } from './escalation-actions.js';

@Task({
  id: 'ticket-triage',
  title: 'Support ticket triage',
  difficulty: 'easy',
  maxSteps: 40, graderVersion: '1',
  // "5-8" is the first level; harder ones serve up to 18 (the top level also measures and escalates: 40 steps). openenv.yaml is generated from this text, so a change
  // here needs `npm run openenv:yaml` at the root as well.
  description:
    'Route a customer-support inbox of 5-8 tickets: give each a category code, a priority (P1-P4) and a team handle ' +
    'exactly as the inbox\'s own written triage policy says, then submit. Graded per ticket: category 0.4, ' +
    'team 0.3, priority 0.3 (half credit one level off; priority counts only when the category is right), averaged over the inbox.',
})
export class TicketTriageTask implements TaskPlugin<TriageConfig, TriageScenario, TriageState, TriageAction, TriageData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = TRIAGE_LEVELS;
  readonly families = TRIAGE_FAMILIES;
  // Every situation has four frames: one to test, one to validation, two to train.
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];
  readonly corrections = triageCorrections;

  generate(rng: Rng, config: TriageConfig, context: ScenarioContext): TriageScenario {
    return generateScenario(rng, config, context.families);
  }

  initialState(): TriageState {
    return { labels: {}, looked_up: [] };
  }

  transition(scenario: TriageScenario, state: TriageState, action: TriageAction): Transition<TriageState> {
    if (action.type === 'submit') {
      const labelled = Object.keys(state.labels).length;
      return { state: { ...state, submitted: true }, done: true, feedback: `Submitted with ${labelled} of ${scenario.tickets.length} tickets labelled.` };
    }
    if (action.type === 'investigate' || action.type === 'escalate') return escalationStep(scenario, state, action);
    if (action.type === 'lookup_account') {
      if (scenario.accounts.length === 0) return { state, error: 'This inbox has no account records: each ticket shows its plan (Tier) in its header.' };
      const wanted = normalTicketId(action.account_id);
      const record = scenario.accounts.find((a) => a.account_id === wanted);
      if (!record) return { state, error: `Unknown account_id "${action.account_id}". Accounts of this inbox: ${scenario.accounts.map((a) => a.account_id).join(', ')}.` };
      const again = state.looked_up.includes(record.account_id);
      // The budget counts distinct accounts: a record once shown stays in the observation, so a second look is free (and penalised as a repeat).
      if (!again && scenario.lookup_budget !== null && state.looked_up.length >= scenario.lookup_budget) {
        return { state, error: `Lookup budget used: ${state.looked_up.length} of ${scenario.lookup_budget} accounts looked up (${state.looked_up.join(', ')}). Label the rest from what you have.` };
      }
      const looked_up = again ? state.looked_up : [...state.looked_up, record.account_id];
      const left = scenario.lookup_budget === null ? '' : ` (${scenario.lookup_budget - looked_up.length} of ${scenario.lookup_budget} lookups left)`;
      return { state: { ...state, looked_up }, feedback: `Account record${left}:\n${renderAccount(record)}` };
    }
    const wanted = normalTicketId(action.ticket_id);
    const ticket = scenario.tickets.find((t) => normalTicketId(t.ticket.id) === wanted)?.ticket;
    if (!ticket) {
      const known = scenario.tickets.map((t) => t.ticket.id).join(', ');
      return { state, error: `Unknown ticket_id "${action.ticket_id}". Tickets in this inbox: ${known}.` };
    }
    const allowed = allowedValues(scenario.policy);
    const category = normalCode(action.category);
    const team = normalCode(action.team);
    if (!allowed.categories.includes(category)) return { state, error: `Unknown category "${action.category}". This policy's category codes: ${allowed.categories.join(', ')}.` };
    if (!allowed.teams.includes(team)) return { state, error: `Unknown team "${action.team}". This policy's team handles: ${allowed.teams.join(', ')}.` };
    const label = { category, priority: action.priority, team };
    // The correction budget (see action-keys.ts) is enforced by the framework before this runs.
    const previous = state.labels[ticket.id];
    const labels = { ...state.labels, [ticket.id]: label };
    const done = Object.keys(labels).length;
    const verb = previous ? 'relabelled' : 'labelled';
    return {
      state: { ...state, labels },
      feedback: `${ticket.id} ${verb} ${label.category} / ${label.priority} / ${label.team} (${done} of ${scenario.tickets.length} tickets labelled).`,
    };
  }

  observe(scenario: TriageScenario, state: TriageState): TaskView<TriageData> {
    return observeTriage(scenario, state);
  }

  grade(scenario: TriageScenario, state: TriageState): Grade {
    return gradeTriage(scenario, state);
  }

  repeatKey(action: TriageAction): string {
    return triageRepeatKey(action);
  }

  hintOnlyPolicy(): (observation: WireObservation, stepIndex: number) => unknown | null {
    return triageHintOnlyPolicy();
  }

  solve(scenario: TriageScenario): TriageAction[] {
    return solveTriage(scenario);
  }
}
