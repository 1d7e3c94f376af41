// Parses BrowserGym action strings (click('12'), fill('7', "Oslo"), scroll('down') ...) into structured actions.
import type { BrowserAction } from './schemas.js';

/** A parse failure with a message that says where and what was expected. */
export class ActionSyntaxError extends Error {}

type Arg = { readonly name: string | null; readonly value: string | number };

/** The functions understood, their positional parameters and how they become a structured action. */
const SIGNATURES: Record<string, { params: readonly string[]; optional?: readonly string[]; build: (a: Record<string, string>) => BrowserAction }> = {
  click: { params: ['bid'], optional: ['button', 'modifiers'], build: (a) => ({ type: 'click', bid: a.bid! }) },
  dblclick: { params: ['bid'], optional: ['button', 'modifiers'], build: (a) => ({ type: 'dblclick', bid: a.bid! }) },
  fill: { params: ['bid', 'value'], build: (a) => ({ type: 'fill', bid: a.bid!, text: a.value! }) },
  select_option: { params: ['bid', 'options'], build: (a) => ({ type: 'select_option', bid: a.bid!, option: a.options! }) },
  check: { params: ['bid'], build: (a) => ({ type: 'check', bid: a.bid! }) },
  uncheck: { params: ['bid'], build: (a) => ({ type: 'uncheck', bid: a.bid! }) },
  press: { params: ['bid', 'key_comb'], build: (a) => ({ type: 'press', bid: a.bid!, key: a.key_comb! }) },
  keyboard_press: { params: ['key'], build: (a) => ({ type: 'keyboard_press', key: a.key! }) },
  send_keys: { params: ['key'], build: (a) => ({ type: 'keyboard_press', key: a.key! }) },
  scroll: { params: ['direction'], build: (a) => ({ type: 'scroll', direction: scrollDirection(a.direction!) }) },
  goto: { params: ['url'], build: (a) => ({ type: 'goto', url: a.url! }) },
  go_back: { params: [], build: () => ({ type: 'go_back' }) },
  noop: { params: [], optional: ['wait_ms'], build: () => ({ type: 'noop' }) },
  send_msg_to_user: { params: ['text'], build: (a) => ({ type: 'send_msg_to_user', text: a.text! }) },
};

export const ACTION_NAMES = Object.keys(SIGNATURES);

function scrollDirection(text: string): 'up' | 'down' {
  const lower = text.trim().toLowerCase();
  if (lower === 'up' || lower === 'down') return lower;
  throw new ActionSyntaxError(`scroll() takes 'up' or 'down', not '${text}'`);
}

/** A small recursive-descent parser over one call: name '(' [arg (',' arg)*] ')'. */
class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  private fail(expected: string): never {
    const found = this.at >= this.text.length ? 'end of input' : `"${this.text[this.at]}"`;
    throw new ActionSyntaxError(`expected ${expected} at character ${this.at + 1}, found ${found}`);
  }

  private skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!match) this.fail('a function name such as click');
    this.at += match[0].length;
    return match[0];
  }

  private quoted(): string {
    const quote = this.text[this.at]!;
    let out = '';
    this.at++;
    while (this.at < this.text.length) {
      const ch = this.text[this.at]!;
      if (ch === '\\') {
        const next = this.text[this.at + 1];
        if (next === undefined) break;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        this.at += 2;
        continue;
      }
      if (ch === quote) {
        this.at++;
        return out;
      }
      out += ch;
      this.at++;
    }
    throw new ActionSyntaxError(`unterminated string starting with ${quote}`);
  }

  private value(): string | number {
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === "'" || ch === '"') return this.quoted();
    const number = /^-?\d+(?:\.\d+)?/.exec(this.text.slice(this.at));
    if (number) {
      this.at += number[0].length;
      return Number(number[0]);
    }
    // A list of options such as ["Oslo"]: BrowserGym's select_option accepts one; we take its single element.
    if (ch === '[') {
      this.at++;
      const inner = this.value();
      this.skipSpace();
      if (this.text[this.at] !== ']') this.fail('"]" (select one option at a time)');
      this.at++;
      return inner;
    }
    this.fail('a quoted string or a number');
  }

  private argument(): Arg {
    this.skipSpace();
    const keyword = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(this.text.slice(this.at));
    if (keyword) {
      this.at += keyword[0].length;
      return { name: keyword[1]!, value: this.value() };
    }
    return { name: null, value: this.value() };
  }

  parse(): { name: string; args: Arg[] } {
    const name = this.identifier();
    this.skipSpace();
    if (this.text[this.at] !== '(') this.fail(`"(" after ${name}`);
    this.at++;
    const args: Arg[] = [];
    this.skipSpace();
    if (this.text[this.at] !== ')') {
      for (;;) {
        args.push(this.argument());
        this.skipSpace();
        if (this.text[this.at] === ',') {
          this.at++;
          continue;
        }
        if (this.text[this.at] === ')') break;
        this.fail('"," or ")"');
      }
    }
    this.at++;
    this.skipSpace();
    if (this.at < this.text.length) this.fail('the end of the action (send one action per step)');
    return { name, args };
  }
}

/** Turns one action string into a structured action, or throws ActionSyntaxError with a readable reason. */
export function parseActionString(text: string): BrowserAction {
  // Agents often wrap the call in a code fence or a trailing semicolon; both are harmless to drop.
  const trimmed = text.trim().replace(/^```[a-z]*\s*|\s*```$/g, '').replace(/;\s*$/, '').trim();
  const { name, args } = new Parser(trimmed).parse();
  const signature = SIGNATURES[name];
  if (!signature) throw new ActionSyntaxError(`unknown action "${name}"; known actions: ${ACTION_NAMES.join(', ')}`);
  const allowed = [...signature.params, ...(signature.optional ?? [])];
  const bound: Record<string, string> = {};
  let position = 0;
  for (const arg of args) {
    const param = arg.name ?? allowed[position++];
    if (param === undefined) throw new ActionSyntaxError(`${name}() takes ${signature.params.length} argument(s) (${signature.params.join(', ') || 'none'}), got ${args.length}`);
    if (!allowed.includes(param)) throw new ActionSyntaxError(`${name}() has no parameter "${param}"; it takes ${allowed.join(', ') || 'nothing'}`);
    bound[param] = String(arg.value);
  }
  const missing = signature.params.filter((p) => bound[p] === undefined);
  if (missing.length > 0) throw new ActionSyntaxError(`${name}() is missing ${missing.join(', ')}: write ${name}(${signature.params.map((p) => `'${p}'`).join(', ')})`);
  return signature.build(bound);
}

/** The string form of a structured action, as the baseline and the solver's transcript write it. */
export function actionToString(action: BrowserAction): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  switch (action.type) {
    case 'click':
    case 'dblclick':
    case 'check':
    case 'uncheck':
      return `${action.type}(${q(action.bid)})`;
    case 'fill':
      return `fill(${q(action.bid)}, ${q(action.text)})`;
    case 'select_option':
      return `select_option(${q(action.bid)}, ${q(action.option)})`;
    case 'press':
      return `press(${q(action.bid)}, ${q(action.key)})`;
    case 'keyboard_press':
      return `keyboard_press(${q(action.key)})`;
    case 'scroll':
      return `scroll(${q(action.direction)})`;
    case 'goto':
      return `goto(${q(action.url)})`;
    case 'go_back':
    case 'noop':
      return `${action.type}()`;
    case 'send_msg_to_user':
      return `send_msg_to_user(${q(action.text)})`;
  }
}
