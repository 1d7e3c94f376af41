// Draws strings matching a simple regular expression (the `pattern` of a JSON Schema string), or says it cannot.
import type { Rng } from '../../contract/seeded-random.js';

/** How long repetitions run: random, as short as allowed, or as long as allowed (capped for open-ended ones). */
export type PatternMode = 'random' | 'short' | 'long';

type Node =
  | { kind: 'alt'; options: Node[][] }
  | { kind: 'set'; chars: string[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

/** Characters `.` and negated classes draw from: printable ASCII, no newline, so `.` always matches. */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const DIGITS = PRINTABLE.filter((c) => c >= '0' && c <= '9');
const WORD = PRINTABLE.filter((c) => /\w/.test(c));
const SPACE = [' ', '\t'];
// Open-ended repetitions (*, +, {n,}) stop this far past their minimum in "long" mode and up to 3 past it otherwise.
const OPEN_LONG = 24;

class Unsupported extends Error {}

/** A recursive-descent parser for the regex subset schemas use: literals, classes, groups, alternation, quantifiers. */
class Parser {
  private at = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const seq = this.alternation();
    if (this.at < this.src.length) throw new Unsupported(`unexpected "${this.src[this.at]}"`);
    return seq;
  }

  private alternation(): Node[] {
    const options: Node[][] = [this.sequence()];
    while (this.src[this.at] === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : [{ kind: 'alt', options }];
  }

  private sequence(): Node[] {
    const seq: Node[] = [];
    while (this.at < this.src.length && this.src[this.at] !== '|' && this.src[this.at] !== ')') {
      const atom = this.atom();
      if (atom) seq.push(this.quantified(atom));
    }
    return seq;
  }

  private atom(): Node | null {
    const c = this.src[this.at++]!;
    if (c === '^' || c === '$') return null; // anchors: the drawn string is the whole match anyway
    if (c === '.') return { kind: 'set', chars: PRINTABLE };
    if (c === '(') {
      if (this.src[this.at] === '?') {
        if (this.src[this.at + 1] !== ':') throw new Unsupported('lookaround or named group');
        this.at += 2;
      }
      const inner = this.alternation();
      if (this.src[this.at++] !== ')') throw new Unsupported('unclosed group');
      return { kind: 'alt', options: [inner] };
    }
    if (c === '[') return { kind: 'set', chars: this.charClass() };
    if (c === '\\') return { kind: 'set', chars: this.escape(false) };
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')') throw new Unsupported(`stray "${c}"`);
    return { kind: 'set', chars: [c] };
  }

  private escape(inClass: boolean): string[] {
    const c = this.src[this.at++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if (c === 'd') return DIGITS;
    if (c === 'w') return WORD;
    if (c === 's') return SPACE;
    if (c === 'D') return PRINTABLE.filter((x) => !DIGITS.includes(x));
    if (c === 'W') return PRINTABLE.filter((x) => !WORD.includes(x));
    if (c === 'S') return PRINTABLE.filter((x) => x !== ' ');
    if (c === 'n') return ['\n'];
    if (c === 't') return ['\t'];
    if (c === 'b' && inClass) return ['\b'];
    if (/[0-9bBkpPux]/.test(c)) throw new Unsupported(`escape \\${c}`);
    return [c];
  }

  private charClass(): string[] {
    let negated = false;
    if (this.src[this.at] === '^') {
      negated = true;
      this.at++;
    }
    const chars = new Set<string>();
    let first = true;
    while (this.at < this.src.length && (this.src[this.at] !== ']' || first)) {
      first = false;
      const c = this.src[this.at++]!;
      const lowSet = c === '\\' ? this.escape(true) : [c];
      if (lowSet.length === 1 && this.src[this.at] === '-' && this.src[this.at + 1] !== ']' && this.at + 1 < this.src.length) {
        this.at++;
        const d = this.src[this.at++]!;
        const high = d === '\\' ? this.escape(true) : [d];
        if (high.length !== 1) throw new Unsupported('range to a class');
        const from = lowSet[0]!.charCodeAt(0);
        const to = high[0]!.charCodeAt(0);
        if (to < from) throw new Unsupported('reversed range');
        for (let code = from; code <= to; code++) chars.add(String.fromCharCode(code));
        continue;
      }
      for (const x of lowSet) chars.add(x);
    }
    if (this.src[this.at++] !== ']') throw new Unsupported('unclosed class');
    const list = negated ? PRINTABLE.filter((x) => !chars.has(x)) : [...chars];
    if (list.length === 0) throw new Unsupported('empty class');
    return list;
  }

  private quantified(node: Node): Node {
    const c = this.src[this.at];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.at));
      if (!m) return node; // a literal "{", as JavaScript reads it
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.at += m[0].length - 1;
    } else return node;
    this.at++;
    if (this.src[this.at] === '?') this.at++; // lazy: same language
    return { kind: 'repeat', node, min, max };
  }
}

function emit(nodes: readonly Node[], rng: Rng, mode: PatternMode, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'set') out.push(mode === 'random' ? rng.pick(node.chars) : node.chars[0]!);
    else if (node.kind === 'alt') emit(mode === 'random' ? rng.pick(node.options) : node.options[0]!, rng, mode, out);
    else {
      const top = Number.isFinite(node.max) ? node.max : node.min + (mode === 'long' ? OPEN_LONG : 3);
      const times = mode === 'short' ? node.min : mode === 'long' ? top : rng.int(node.min, top);
      for (let i = 0; i < times; i++) emit([node.node], rng, mode, out);
    }
  }
}

/**
 * A string the pattern matches, or null when the pattern uses what this subset does not parse (lookarounds,
 * back-references, unicode classes) or the drawn string does not fit the length bounds. Every result is checked
 * with the real RegExp, so a parser gap can only cost a null, never an invalid string.
 */
export function stringForPattern(pattern: string, rng: Rng, mode: PatternMode, minLength = 0, maxLength = Infinity): string | null {
  let ast: Node[];
  let regex: RegExp;
  try {
    ast = new Parser(pattern).parse();
    regex = new RegExp(pattern);
  } catch {
    return null;
  }
  for (let attempt = 0; attempt < (mode === 'random' ? 8 : 1); attempt++) {
    const out: string[] = [];
    emit(ast, rng, mode, out);
    const text = out.join('');
    if (text.length >= minLength && text.length <= maxLength && regex.test(text)) return text;
  }
  return null;
}
