// Measures how much held-out text repeats training text sentence for sentence: a memoriser's raw material.

/** Sentences shorter than this are boilerplate ("Thanks, Ana.") that repeat harmlessly; they are not counted. */
export const MIN_SENTENCE_WORDS = 8;
const MAX_EXAMPLES = 5;

export interface RepetitionReport {
  /** repeated / distinctTestSentences (0 when there are none). */
  share: number;
  /** Distinct test sentences of at least MIN_SENTENCE_WORDS words. */
  distinctTestSentences: number;
  /** How many of those appear verbatim among the training sentences. */
  repeated: number;
  /** Distinct shapes of the test sentences once numbers, quoted values and ids are blanked: few means templated text. */
  skeletons: number;
  /** Up to five repeated sentences, in the order the test texts first give them. */
  examples: string[];
  /** Standing instructions left out of the count: sentences in at least half of the train and half of the test texts. */
  instructions: number;
}

/** A sentence in at least this share of the texts of both splits is the task's standing instructions, not scenario content. */
export const INSTRUCTION_SHARE = 0.5;

// Bullets, numbered items ("1.", "2.3)", "(a)", "b)") and quote marks at a line's start; nested ones are peeled in turn.
const LIST_MARKER = /^(?:[-*•+>]+|\d+(?:\.\d+)*[.)]|\d+\.\d+|[a-z]\)|\([a-z0-9]{1,3}\))\s+/i;
// A sentence ends at . ! or ? (optionally closed by a quote or bracket) followed by space.
const SENTENCE_END = /(?<=[.!?]["'”’)\]]?)\s+/;

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function stripMarkers(line: string): string {
  let rest = line.trim();
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(LIST_MARKER, '');
  }
  return rest;
}

/** The sentences of a text: lines split at sentence ends, list markers stripped, whitespace collapsed. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(stripMarkers)
    .flatMap((line) => line.split(SENTENCE_END))
    .map(normalise)
    .filter((s) => s !== '');
}

function longEnough(sentence: string): boolean {
  return sentence.split(' ').length >= MIN_SENTENCE_WORDS;
}

/**
 * A sentence with its variable parts blanked: ids (TCK-4821, INV_2024-07), quoted values and numbers. Two sentences
 * with one skeleton come from one template, so the skeleton count says how many templates the test text uses.
 */
export function skeletonOf(sentence: string): string {
  return sentence
    .replace(/\b[A-Za-z]{1,10}[-_]\d[\w-]*/g, '<id>')
    .replace(/"[^"]*"|“[^”]*”|`[^`]*`/g, '<q>')
    // Single quotes only when they open after a boundary and close before one, so "don't" and "it's" survive.
    .replace(/(^|[\s(\[{:,=])'[^'\n]*'(?=$|[\s.,;:!?)\]}])/g, '$1<q>')
    .replace(/[-+]?\d+(?:[.,:/]\d+)*/g, '#');
}

/**
 * How much of the test text a model could have memorised from the training text: the distinct test sentences
 * (MIN_SENTENCE_WORDS words or more), the share of them found verbatim (whitespace aside) among the training
 * sentences, and how many templates they come from.
 */
export function repetitionMetric(trainTexts: readonly string[], testTexts: readonly string[]): RepetitionReport {
  const trainCounts = documentCounts(trainTexts);
  const testCounts = documentCounts(testTexts);
  // The task's own instructions are the same in every scenario of every split: they tell a memoriser nothing
  // about which scenario it faces, so they are left out (and counted) rather than drowning the metric.
  const standing = (s: string) =>
    trainTexts.length > 1 && testTexts.length > 1 &&
    (trainCounts.get(s) ?? 0) >= INSTRUCTION_SHARE * trainTexts.length &&
    (testCounts.get(s) ?? 0) >= INSTRUCTION_SHARE * testTexts.length;
  const instructions = [...testCounts.keys()].filter(standing);
  const test = [...testCounts.keys()].filter((s) => !standing(s));
  const repeatedSentences = test.filter((s) => trainCounts.has(s));
  return {
    share: test.length === 0 ? 0 : repeatedSentences.length / test.length,
    distinctTestSentences: test.length,
    repeated: repeatedSentences.length,
    skeletons: new Set(test.map(skeletonOf)).size,
    examples: repeatedSentences.slice(0, MAX_EXAMPLES),
    instructions: instructions.length,
  };
}

/** For each distinct long sentence, how many of the texts contain it. */
function documentCounts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const sentence of new Set(sentencesOf(text).filter(longEnough))) counts.set(sentence, (counts.get(sentence) ?? 0) + 1);
  }
  return counts;
}
