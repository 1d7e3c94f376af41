// The repetition metric counts distinct long test sentences, the share found verbatim in training text, and templates.
import { describe, expect, it } from 'vitest';
import { repetitionMetric, sentencesOf, skeletonOf } from '../src/tools/audit/repetition.js';

const LONG_A = 'The export to CSV has been failing for every user since Monday.';
const LONG_B = 'Our finance team cannot download the invoice for the last quarter.';
const LONG_C = 'Please route this to whoever owns the mobile application login flow.';

describe('sentencesOf', () => {
  it('splits at sentence ends and at newlines', () => {
    expect(sentencesOf('One two. Three four!\nFive six? Seven')).toEqual(['One two.', 'Three four!', 'Five six?', 'Seven']);
  });

  it('strips bullets and numbered list markers, nested ones too', () => {
    expect(sentencesOf('- first item here\n* second\n1. third\n2) fourth\n(a) fifth\n- 3. sixth\n• seventh')).toEqual([
      'first item here', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh',
    ]);
  });

  it('keeps a leading number that is not a list marker', () => {
    expect(sentencesOf('2024 was a hard year.')).toEqual(['2024 was a hard year.']);
  });

  it('collapses runs of whitespace inside a sentence', () => {
    expect(sentencesOf('  a   b\tc  ')).toEqual(['a b c']);
  });

  it('ends a sentence after a closing quote', () => {
    expect(sentencesOf('He said "stop." Then left.')).toEqual(['He said "stop."', 'Then left.']);
  });
});

describe('skeletonOf', () => {
  it('blanks ids, numbers and quoted values but keeps apostrophes', () => {
    expect(skeletonOf('Ticket TCK-4821 from "Acme Ltd" waited 36 hours and it\'s 12.5% off')).toBe("Ticket <id> from <q> waited # hours and it's #% off");
    expect(skeletonOf("Set column 'email' to 3")).toBe('Set column <q> to #');
  });
});

describe('repetitionMetric', () => {
  it('counts only sentences of at least eight words', () => {
    const report = repetitionMetric(['Short one here.'], ['Short one here.', 'Seven words are not quite enough here.', LONG_A]);
    expect(report.distinctTestSentences).toBe(1);
    expect(report.repeated).toBe(0);
  });

  it('counts each distinct test sentence once however often it repeats', () => {
    const report = repetitionMetric([LONG_A], [LONG_A, LONG_A, `${LONG_A} ${LONG_B}`]);
    expect(report.distinctTestSentences).toBe(2);
    expect(report.repeated).toBe(1);
    expect(report.share).toBe(0.5);
  });

  it('matches verbatim after whitespace normalisation, but not across a changed word or case', () => {
    const spaced = LONG_A.replace(/ /g, '   ');
    expect(repetitionMetric([LONG_A], [spaced]).share).toBe(1);
    expect(repetitionMetric([LONG_A], [LONG_A.replace('Monday', 'Tuesday')]).share).toBe(0);
    expect(repetitionMetric([LONG_A], [LONG_A.toUpperCase()]).share).toBe(0);
  });

  it('finds a train sentence inside a list item or on its own line of the test text', () => {
    const report = repetitionMetric([`Intro line here. ${LONG_B}`], [`Header:\n- ${LONG_B}\n2. ${LONG_C}`]);
    expect(report.repeated).toBe(1);
    expect(report.distinctTestSentences).toBe(2);
    expect(report.examples).toEqual([LONG_B]);
  });

  it('counts sentences differing only in ids, numbers or quotes as one skeleton', () => {
    const report = repetitionMetric([], [
      'Ticket TCK-1001 has waited 12 hours for a reply from support.',
      'Ticket TCK-2002 has waited 48 hours for a reply from support.',
      'Ticket TCK-3003 has waited "two days" for a reply from support.',
      LONG_C,
    ]);
    expect(report.distinctTestSentences).toBe(4);
    expect(report.skeletons).toBe(3);
  });

  it('gives at most five examples, in the order the test text first gives them', () => {
    const sentences = Array.from({ length: 7 }, (_, i) => `Sentence number ${i} has quite enough words to count here.`);
    const report = repetitionMetric(sentences, [...sentences].reverse());
    expect(report.repeated).toBe(7);
    expect(report.examples).toEqual([...sentences].reverse().slice(0, 5));
  });

  it('reports a zero share, not NaN, for test text without long sentences', () => {
    expect(repetitionMetric([LONG_A], ['Hi.', ''])).toEqual({ share: 0, distinctTestSentences: 0, repeated: 0, skeletons: 0, examples: [], instructions: 0 });
  });

  it('leaves out standing instructions (in half the texts of both splits) and counts them, but keeps rarer repeats', () => {
    const instruction = 'Read the whole inbox carefully and label every ticket before you submit.';
    const rare = 'The shipment of copper wire to the northern warehouse arrived two days late.';
    const train = [`${instruction} ${rare}`, instruction, instruction, instruction];
    const test = [instruction, `${instruction} ${rare}`, instruction];
    const report = repetitionMetric(train, test);
    expect(report.instructions).toBe(1);
    expect(report).toMatchObject({ distinctTestSentences: 1, repeated: 1, share: 1, examples: [rare] });
    // a sentence in every test text but in few train texts is scenario content, not an instruction
    const skewed = repetitionMetric([rare, 'x', 'y', 'z'], [rare, rare]);
    expect(skewed).toMatchObject({ instructions: 0, repeated: 1 });
  });
});
