// The prompts: the system message (task and action schema), the per-step user message and the repair request.
import type { StepResponse, JsonSchemaObject } from '../client.js';
import { clip, oneLine } from './log-format.js';
import { acceptsActionStrings } from './reply-parsing.js';
import type { TaskSpec } from './task-plan.js';

/**
 * One past turn as the model is shown it in the user message. Rewards are left out on purpose: the baseline
 * is an evaluation, and a dense reward would tell the model which of its actions were right.
 */
export interface HistoryEntry {
  step: number;
  action: string;
  error: string | null;
  feedback: string | null;
}

export function systemPrompt(spec: TaskSpec, actionSchema: JsonSchemaObject | null): string {
  const info = spec.info;
  const header = info
    ? `Task: ${info.id} - ${info.title} (difficulty: ${info.difficulty}; at most ${info.max_steps} steps)\n${info.description}`
    : `Task: ${spec.name}`;
  const schemaText = actionSchema && Object.keys(actionSchema).length > 0 ? JSON.stringify(actionSchema) : '{"type": "object"}';
  if (acceptsActionStrings(actionSchema)) {
    // As BrowserGym's sample agent does: one action call per turn, the element ids read from the page text.
    return [
      'You are an agent working on a web task in an OpenEnv environment, one action per turn.',
      '',
      header,
      '',
      "Each turn you receive the goal, the URL and the page as accessibility-tree text with element ids in brackets. Reply with",
      "exactly one BrowserGym action call and nothing else, e.g. click('12'), fill('7', 'Oslo'), select_option('9', 'Weekly'),",
      "check('4'), press('7', 'Enter'), scroll('down'), go_back(), noop() or send_msg_to_user('the answer').",
      '',
      `(A JSON action object conforming to this schema is accepted too: ${schemaText})`,
    ].join('\n');
  }
  return [
    'You are an agent working on a task in an OpenEnv environment, one action per turn.',
    '',
    header,
    '',
    'Each turn you receive the current observation. Reply with exactly one action: a single JSON object that',
    'conforms to the JSON Schema below. Reply with the JSON object only: no explanation, no code fences.',
    '',
    `Action JSON Schema: ${schemaText}`,
  ].join('\n');
}

export function userPrompt(observation: StepResponse['observation'], history: HistoryEntry[], step: number, cap: number): string {
  const parts: string[] = [step >= cap ? `Step ${step} of at most ${cap}: this is your last action.` : `Step ${step} of at most ${cap}.`];
  if (history.length > 0) {
    parts.push('', 'Your recent actions:');
    for (const h of history) {
      const outcome = h.error ? `error: ${clip(oneLine(h.error), 300)}` : h.feedback ? `feedback: ${clip(oneLine(h.feedback), 300)}` : 'done';
      parts.push(`- step ${h.step}: ${clip(h.action, 400)} -> ${outcome}`);
    }
  }
  if (observation.last_action_error) parts.push('', `Your last action was not allowed: ${observation.last_action_error}`);
  else if (observation.feedback) parts.push('', `Result of your last action:\n${clip(observation.feedback, 4000)}`);
  const body = observation.prompt?.trim() ? observation.prompt : JSON.stringify(observation.data ?? observation);
  parts.push('', 'Current observation:', body, '', 'Reply with one JSON action object.');
  return parts.join('\n');
}

export function repairPrompt(problem: string): string {
  return `That reply is not a valid action: ${problem}\nReply again with only one JSON object that conforms to the action JSON Schema.`;
}
