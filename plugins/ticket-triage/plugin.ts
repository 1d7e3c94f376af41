// The ticket-triage task: label a seeded support inbox with category, priority and team by a written policy.
import { Task, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from '../../framework/index.js';
import { normalTicketId, triageCorrections, triageRepeatKey } from './action-keys.js';
import { configSchema, type TriageConfig } from './config.js';
import { TRIAGE_FAMILIES } from './families.js';
import { gradeTriage } from './grader.js';
import { observeTriage } from './observation.js';
import { solveTriage } from './reference-solver.js';
import { TRIAGE_LEVELS } from './levels.js';
import { generateScenario } from './scenario-generator.js';
import { actionSchema, observationSchema, type TriageAction, type TriageData } from './schemas.js';
import type { TriageScenario, TriageState } from './types.js';

@Task({
  id: 'ticket-triage',
  title: 'Support ticket triage',
  difficulty: 'easy',
  maxSteps: 30, graderVersion: '1',
  // "5-8" is the first level; harder ones serve up to 10. openenv.yaml is generated from this text, so a change
  // here needs `npm run openenv:yaml` at the root as well.
  description:
    'Route a customer-support inbox of 5-8 tickets: give each a category, a priority (P1-P4) and an owning team ' +
    'exactly as the written triage policy in the observation says, then submit. Graded per ticket: category 0.4, ' +
    'team 0.3, priority 0.3 (half credit one level off), averaged over the inbox.',
})
export class TicketTriageTask implements TaskPlugin<TriageConfig, TriageScenario, TriageState, TriageAction, TriageData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = TRIAGE_LEVELS;
  readonly families = TRIAGE_FAMILIES;
  // Every class has at least five templates, enough for a validation share besides train and test.
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];
  readonly corrections = triageCorrections;

  generate(rng: Rng, config: TriageConfig, context: ScenarioContext): TriageScenario {
    return generateScenario(rng, config, context.families);
  }

  initialState(): TriageState {
    return { labels: {} };
  }

  transition(scenario: TriageScenario, state: TriageState, action: TriageAction): Transition<TriageState> {
    if (action.type === 'submit') {
      const labelled = Object.keys(state.labels).length;
      return { state, done: true, feedback: `Submitted with ${labelled} of ${scenario.tickets.length} tickets labelled.` };
    }
    const wanted = normalTicketId(action.ticket_id);
    const ticket = scenario.tickets.find((t) => normalTicketId(t.ticket.id) === wanted)?.ticket;
    if (!ticket) {
      const known = scenario.tickets.map((t) => t.ticket.id).join(', ');
      return { state, error: `Unknown ticket_id "${action.ticket_id}". Tickets in this inbox: ${known}.` };
    }
    const label = { category: action.category, priority: action.priority, team: action.team };
    // The correction budget (see action-keys.ts) is enforced by the framework before this runs.
    const previous = state.labels[ticket.id];
    const labels = { ...state.labels, [ticket.id]: label };
    const done = Object.keys(labels).length;
    const verb = previous ? 'relabelled' : 'labelled';
    return {
      state: { labels },
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

  solve(scenario: TriageScenario): TriageAction[] {
    return solveTriage(scenario);
  }
}
