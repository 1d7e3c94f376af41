// The word-sums task: read a short story about a count that changes, answer with the final count. The example plugin.
import { z } from 'zod';
import { Task, actionVariant, type Grade, type Rng, type ScenarioContext, type TaskLevel, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';
import { FAMILIES, writeStory } from './stories.js';

// Difficulty knobs: every field has a default, so a reset works without a config.
const configSchema = z.strictObject({
  events: z.number().int().min(1).max(6).default(1).describe('How many times the count changes in the story'),
});
type SumsConfig = z.infer<typeof configSchema>;

// One action, and it ends the episode: a single answer, so the per-step reward cannot be probed by trial.
const actionSchema = z.discriminatedUnion('type', [
  actionVariant('answer', 'Give the final count; this ends the episode.', {
    value: z.number().int().min(0).max(1_000_000).describe('The final count, a whole number'),
  }),
]);
type SumsAction = z.infer<typeof actionSchema>;

const observationSchema = z.object({
  story: z.string().describe('The story; its last sentence is the question'),
});
type SumsData = z.infer<typeof observationSchema>;

interface SumsScenario {
  readonly story: string;
  readonly answer: number;
}
interface SumsState {
  readonly answered: number | null;
}

@Task({
  id: 'word-sums',
  title: 'Word sums',
  difficulty: 'easy',
  maxSteps: 3,
  // Bump when grade() changes: recorded trajectories name the grader that scored them.
  graderVersion: '1',
  description: 'Read a short story in which a count of things goes up and down, then answer with the final count.',
})
export class WordSumsTask implements TaskPlugin<SumsConfig, SumsScenario, SumsState, SumsAction, SumsData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  // Levels: presets of the knobs, easiest first; reset takes { "level": "three-events" } or { "level": 2 }.
  readonly levels: TaskLevel<SumsConfig>[] = [
    { name: 'one-event', description: 'The count changes once', config: { events: 1 } },
    { name: 'three-events', description: 'The count changes three times', config: { events: 3 } },
  ];
  // Generator families: the framework deals them to the train and test splits; generate() draws only from its split's.
  readonly families = FAMILIES;

  generate(rng: Rng, config: SumsConfig, context: ScenarioContext): SumsScenario {
    const { text, answer } = writeStory(rng, context.families, config.events);
    return { story: text, answer };
  }

  initialState(): SumsState {
    return { answered: null };
  }

  transition(_scenario: SumsScenario, _state: SumsState, action: SumsAction): Transition<SumsState> {
    return { state: { answered: action.value }, done: true, feedback: `You answered ${action.value}.` };
  }

  observe(scenario: SumsScenario): TaskView<SumsData> {
    return {
      prompt: `Read the story and answer with the final count as a whole number.\n\n${scenario.story}`,
      data: { story: scenario.story },
    };
  }

  // Exact answers only: a near miss is still a wrong count. The breakdown names no answer while the episode runs.
  grade(scenario: SumsScenario, state: SumsState): Grade {
    const correct = state.answered !== null && state.answered === scenario.answer;
    return { score: correct ? 1 : 0, breakdown: { answered: state.answered !== null, correct } };
  }

  solve(scenario: SumsScenario): SumsAction[] {
    return [{ type: 'answer', value: scenario.answer }];
  }
}
