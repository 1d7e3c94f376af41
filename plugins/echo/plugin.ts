// The echo task: the smallest complete plugin, written as the model a new plugin author copies.
import { z } from 'zod';
import { Task, actionVariant, type Grade, type Rng, type ScenarioContext, type TaskLevel, type TaskPlugin, type TaskView, type Transition } from 'openenv-ts';

// A vocabulary large enough that a phrase from another seed shares few words with this one. It is dealt into
// four generator families, so train and test phrases never share a word (see `families` below).
const WORDS = [
  'amber', 'anchor', 'apricot', 'aspen', 'basalt', 'beacon', 'birch', 'bramble', 'bridge', 'cedar',
  'cinder', 'clover', 'cobalt', 'comet', 'copper', 'coral', 'crimson', 'delta', 'dune', 'ember',
  'falcon', 'fern', 'fjord', 'garnet', 'glacier', 'granite', 'harbor', 'hazel', 'heron', 'indigo',
  'iris', 'jasper', 'juniper', 'kestrel', 'kettle', 'lantern', 'larch', 'lichen', 'meadow', 'mica',
  'nickel', 'nutmeg', 'oak', 'onyx', 'orchid', 'osprey', 'pebble', 'pepper', 'pine', 'quartz',
  'quill', 'raven', 'river', 'saffron', 'sage', 'slate', 'sparrow', 'thistle', 'timber', 'tundra',
  'umber', 'velvet', 'willow', 'yarrow', 'zephyr', 'zinc',
];

/** Family id -> its words: every fourth word, so each family spans the alphabet. */
const FAMILIES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  ['a', 'b', 'c', 'd'].map((name, k) => [`words/${name}`, WORDS.filter((_, i) => i % 4 === k)]),
);

// Difficulty knobs: every field has a default, so reset works without a config.
const configSchema = z.strictObject({
  min_words: z.number().int().min(1).max(12).default(4).describe('Fewest words in the target phrase'),
  max_words: z.number().int().min(1).max(12).default(8).describe('Most words in the target phrase'),
});
type EchoConfig = z.infer<typeof configSchema>;

const actionSchema = z.discriminatedUnion('type', [
  actionVariant('say', 'Say a phrase; the latest phrase said is what gets graded.', {
    text: z.string().max(2000).describe('The phrase to say'),
  }),
  actionVariant('submit', 'End the episode and have the latest phrase graded.', {}),
]);
type EchoAction = z.infer<typeof actionSchema>;

const observationSchema = z.object({
  target: z.string().describe('The phrase to repeat exactly'),
  last_said: z.string().nullable().describe('The latest phrase said, or null'),
});
type EchoData = z.infer<typeof observationSchema>;

interface EchoScenario {
  readonly target: string;
}
interface EchoState {
  readonly said: string | null;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Length of the longest common subsequence of two word lists: rewards right words in the right order. */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

@Task({
  id: 'echo',
  title: 'Echo a phrase',
  difficulty: 'easy',
  maxSteps: 5, graderVersion: '1',
  description: 'Repeat the target phrase word for word, then submit. Graded by in-order word overlap (F1).',
})
export class EchoTask implements TaskPlugin<EchoConfig, EchoScenario, EchoState, EchoAction, EchoData> {
  readonly configSchema = configSchema;
  readonly actionSchema = actionSchema;
  readonly observationSchema = observationSchema;
  // Levels: presets of the config knobs, easiest first; reset takes { level: "long" } or { level: 2 }.
  readonly levels: TaskLevel<EchoConfig>[] = [
    { name: 'short', description: 'A phrase of 4 to 8 words', config: { min_words: 4, max_words: 8 } },
    { name: 'long', description: 'A phrase of 9 to 12 words', config: { min_words: 9, max_words: 12 } },
  ];
  // Generator families: the framework deals them to train and test, and generate() draws only from its split's.
  readonly families = Object.keys(FAMILIES);

  generate(rng: Rng, config: EchoConfig, context: ScenarioContext): EchoScenario {
    const low = Math.min(config.min_words, config.max_words);
    const high = Math.max(config.min_words, config.max_words);
    const count = rng.int(low, high);
    const words = context.families.flatMap((family) => FAMILIES[family] ?? []);
    return { target: Array.from({ length: count }, () => rng.pick(words)).join(' ') };
  }

  initialState(): EchoState {
    return { said: null };
  }

  transition(_scenario: EchoScenario, state: EchoState, action: EchoAction): Transition<EchoState> {
    if (action.type === 'submit') return { state, done: true, feedback: 'Submitted.' };
    if (action.text.trim() === '') return { state, error: 'say.text is empty; say the target phrase' };
    return { state: { said: action.text }, feedback: `You said: ${action.text}` };
  }

  observe(scenario: EchoScenario, state: EchoState): TaskView<EchoData> {
    return {
      prompt: `Repeat this phrase exactly, then submit:\n${scenario.target}`,
      data: { target: scenario.target, last_said: state.said },
    };
  }

  grade(scenario: EchoScenario, state: EchoState): Grade {
    const target = words(scenario.target);
    const said = words(state.said ?? '');
    const common = lcs(said, target);
    const precision = said.length ? common / said.length : 0;
    const recall = common / target.length;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { score: f1, breakdown: { precision, recall, matched_words: common, target_words: target.length } };
  }

  solve(scenario: EchoScenario): EchoAction[] {
    return [{ type: 'say', text: scenario.target }, { type: 'submit' }];
  }
}
