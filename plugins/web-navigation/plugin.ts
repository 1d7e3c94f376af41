// The web-navigation task: BrowserGym-style web tasks on simulated pages rendered into happy-dom, played by element ids.
import { Task, type Grade, type Rng, type ScenarioContext, type SplitName, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { actionToString, parseActionString } from './action-grammar.js';
import { applyWebAction, initialWebState } from './browser-actions.js';
import { configSchema, type WebConfig } from './config.js';
import { WEB_FAMILIES } from './families.js';
import { gradeWeb } from './grader.js';
import { hintOnlyPolicy } from './hint-only-policy.js';
import { WEB_LEVELS } from './levels.js';
import { observeWeb } from './observation.js';
import { solveWeb } from './reference-solver.js';
import { generateScenario } from './scenario-generator.js';
import { actionSchema, observationSchema, type WebAction, type WebData } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

@Task({
  id: 'web-navigation',
  title: 'Web navigation (simulated pages)',
  difficulty: 'medium',
  maxSteps: 60,
  graderVersion: '1',
  // openenv.yaml is generated from this text, so a change here needs `npm run openenv:yaml` at the root as well.
  description:
    'Reach a goal on a small simulated web app (forms, settings tabs, search, tables, multi-page flows) by acting on ' +
    "element ids from an accessibility-tree text, with BrowserGym action strings such as click('12'), fill('7', 'Oslo'), " +
    "select_option('9', 'Weekly'), scroll('down') and send_msg_to_user('answer') (or the same as JSON). Graded on the " +
    'resulting app state: credit per required field or sub-goal, minus penalties for destructive side effects.',
})
export class WebNavigationTask implements TaskPlugin<WebConfig, WebScenario, WebState, WebAction, WebData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  readonly levels = WEB_LEVELS;
  readonly families = WEB_FAMILIES;
  readonly splits: readonly SplitName[] = ['train', 'validation', 'test'];

  generate(rng: Rng, config: WebConfig, context: ScenarioContext): WebScenario {
    return generateScenario(rng, config, context);
  }

  initialState(scenario: WebScenario): WebState {
    return initialWebState(scenario);
  }

  transition(scenario: WebScenario, state: WebState, action: WebAction): Transition<WebState> {
    return applyWebAction(scenario, state, action);
  }

  observe(scenario: WebScenario, state: WebState): TaskView<WebData> {
    return observeWeb(scenario, state);
  }

  grade(scenario: WebScenario, state: WebState): Grade {
    return gradeWeb(scenario, state);
  }

  /** The string and JSON forms of one action are the same action for the repeat penalty. */
  repeatKey(action: WebAction): string {
    if (action.type !== 'action') return actionToString(action);
    try {
      return actionToString(parseActionString(action.action));
    } catch {
      return action.action.trim();
    }
  }

  hintOnlyPolicy() {
    return hintOnlyPolicy();
  }

  solve(scenario: WebScenario): WebAction[] {
    return solveWeb(scenario);
  }
}
