// The ticket-triage task: label a seeded support inbox with category, priority and team by a written policy.
import { Task, type Grade, type Rng, type TaskPlugin, type TaskView, type Transition } from '../../framework/index.js';
import { configSchema, type TriageConfig } from './config.js';
import { gradeTriage } from './grader.js';
import { observeTriage } from './observation.js';
import { solveTriage } from './reference-solver.js';
import { generateScenario } from './scenario-generator.js';
import { actionSchema, observationSchema, type TriageAction, type TriageData } from './schemas.js';
import type { TriageScenario, TriageState } from './types.js';

@Task({
  id: 'ticket-triage',
  title: 'Support ticket triage',
  difficulty: 'easy',
  maxSteps: 30,
  description:
    'Route a customer-support inbox of 5-8 tickets: give each a category, a priority (P1-P4) and an owning team ' +
    'exactly as the written triage policy in the observation says, then submit. Graded per ticket: category 0.4, ' +
    'team 0.3, priority 0.3 (half credit one level off), averaged over the inbox.',
})
export class TicketTriageTask implements TaskPlugin<TriageConfig, TriageScenario, TriageState, TriageAction, TriageData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;

  generate(rng: Rng, config: TriageConfig): TriageScenario {
    return generateScenario(rng, config);
  }

  initialState(): TriageState {
    return { labels: {}, relabels: 0 };
  }

  transition(scenario: TriageScenario, state: TriageState, action: TriageAction): Transition<TriageState> {
    if (action.type === 'submit') {
      const labelled = Object.keys(state.labels).length;
      return { state, done: true, feedback: `Submitted with ${labelled} of ${scenario.tickets.length} tickets labelled.` };
    }
    const wanted = action.ticket_id.trim().toUpperCase();
    const ticket = scenario.tickets.find((t) => t.ticket.id.toUpperCase() === wanted)?.ticket;
    if (!ticket) {
      const known = scenario.tickets.map((t) => t.ticket.id).join(', ');
      return { state, error: `Unknown ticket_id "${action.ticket_id}". Tickets in this inbox: ${known}.` };
    }
    const label = { category: action.category, priority: action.priority, team: action.team };
    const previous = state.labels[ticket.id];
    const changes = previous !== undefined && (previous.category !== label.category || previous.priority !== label.priority || previous.team !== label.team);
    // Corrections are budgeted: with unlimited relabels the per-step reward would reveal every right label by trial.
    if (changes && state.relabels >= scenario.max_relabels) {
      return {
        state,
        error: `${ticket.id} is already labelled ${previous.category} / ${previous.priority} / ${previous.team} and all ${scenario.max_relabels} corrections of this inbox are used; label the other tickets or submit.`,
      };
    }
    const labels = { ...state.labels, [ticket.id]: label };
    const done = Object.keys(labels).length;
    const verb = previous ? 'relabelled' : 'labelled';
    return {
      state: { labels, relabels: state.relabels + (changes ? 1 : 0) },
      feedback: `${ticket.id} ${verb} ${label.category} / ${label.priority} / ${label.team} (${done} of ${scenario.tickets.length} tickets labelled).`,
    };
  }

  observe(scenario: TriageScenario, state: TriageState): TaskView<TriageData> {
    return observeTriage(scenario, state);
  }

  grade(scenario: TriageScenario, state: TriageState): Grade {
    return gradeTriage(scenario, state);
  }

  solve(scenario: TriageScenario): TriageAction[] {
    return solveTriage(scenario);
  }
}
