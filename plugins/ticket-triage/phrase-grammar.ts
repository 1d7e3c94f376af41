// A small phrase grammar: "[a|b]" alternations (nestable) and "{slot}" fills, plus register and typo passes.
import type { Rng } from 'openenv-ts';

/** Expands every "[x|y|z]" (innermost first, so alternations nest) with a seeded pick, then fills "{slot}" marks. */
export function expand(rng: Rng, template: string, slots: Readonly<Record<string, string>> = {}): string {
  let text = template;
  for (let guard = 0; guard < 200; guard++) {
    const match = /\[([^[\]]*)\]/.exec(text);
    if (!match) break;
    const options = match[1]!.split('|');
    text = text.slice(0, match.index) + rng.pick(options) + text.slice(match.index + match[0].length);
  }
  return fill(text, slots).replace(/ {2,}/g, ' ').replace(/ ([,.;:!?])/g, '$1').trim();
}

export function fill(template: string, slots: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => slots[key] ?? whole);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a writer sounds: formal keeps full forms, casual contracts and drops some capitals, terse drops pleasantries. */
export type Register = 'formal' | 'casual' | 'terse';

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bdo not\b/g, "don't"],
  [/\bdoes not\b/g, "doesn't"],
  [/\bcannot\b/g, "can't"],
  [/\bis not\b/g, "isn't"],
  [/\bwe are\b/g, "we're"],
  [/\bit is\b/g, "it's"],
  [/\bhave not\b/g, "haven't"],
  [/\bwill not\b/g, "won't"],
];

/** Applies a register to one sentence; meaning is untouched. */
export function inRegister(rng: Rng, sentence: string, register: Register): string {
  if (register === 'formal') return sentence;
  let out = sentence;
  for (const [pattern, short] of CONTRACTIONS) if (rng.chance(0.8)) out = out.replace(pattern, short);
  if (register === 'casual' && rng.chance(0.25)) out = out.charAt(0).toLowerCase() + out.slice(1);
  return out;
}

/** Words a deadline is read from: a slip there would change a fact, not just the spelling. */
const PROTECTED = new Set(['hours', 'within']);

/** One realistic slip of the keyboard in one longer word; numbers, codes, quoted strings and deadline words are left alone. */
export function addTypo(rng: Rng, sentence: string): string {
  const words = sentence.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{5,}[,.!?]?$/.test(w) && !PROTECTED.has(w.replace(/[,.!?]$/, '')) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return sentence;
  const index = rng.pick(candidates);
  const word = words[index]!;
  const core = word.replace(/[,.!?]$/, '');
  const tail = word.slice(core.length);
  const at = rng.int(1, core.length - 2);
  let slipped: string;
  switch (rng.int(0, 2)) {
    case 0:
      slipped = core.slice(0, at) + core[at + 1] + core[at] + core.slice(at + 2);
      break;
    case 1:
      slipped = core.slice(0, at) + core.slice(at + 1);
      break;
    default:
      slipped = core.slice(0, at) + core[at] + core.slice(at);
  }
  words[index] = slipped + tail;
  return words.join(' ');
}
