// Shared parts of the app generators: element ids, field templates with their goal wording, and buttons.
import type { Rng } from 'openenv-ts';
import { addDays, longDate } from './calendar.js';
import { amountOf, CITIES, emailOf, personName, phoneOf, postcodeOf, STREETS } from './vocabulary.js';
import type { ButtonBlock, Effect, FieldBlock } from './types.js';

/** Hands out element ids: distinct random numbers per scenario, so an id says nothing about its role. */
export class Bids {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  next(): string {
    for (;;) {
      const bid = String(this.rng.int(10, 999));
      if (!this.used.has(bid)) {
        this.used.add(bid);
        return bid;
      }
    }
  }
}

/** A value a goal asks for: what the form must hold, and how the goal words it (different under a format trap). */
export interface AskedValue {
  readonly value: string;
  readonly said: string;
}

export interface FieldTemplate {
  readonly label: string;
  readonly input: FieldBlock['input'];
  readonly options?: readonly string[];
  /** When set, the field checks this format; `trap` makes the goal state the value in another format. */
  readonly format?: { readonly pattern: string; readonly message: string };
  make(rng: Rng, trap: boolean, today: string): AskedValue;
}

const same = (value: string): AskedValue => ({ value, said: value });

export const FIELD_LIBRARY = {
  fullName: (label = 'Full name'): FieldTemplate => ({ label, input: 'text', make: (rng) => same(personName(rng)) }),
  email: (label = 'Email'): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: '[^@\\s]+@[^@\\s]+\\.[a-z]+', message: `${label}: enter an address like name@example.org.` },
    make: (rng) => same(emailOf(personName(rng), rng)),
  }),
  phone: (label = 'Phone'): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: '\\d{10}', message: `${label}: enter exactly 10 digits, no spaces or symbols.` },
    make: (rng, trap) => {
      const phone = phoneOf(rng);
      return { value: phone.digits, said: trap ? phone.written : phone.digits };
    },
  }),
  amount: (label = 'Amount', low = 5, high = 400): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: '\\d+\\.\\d{2}', message: `${label}: enter a number with two decimals and no currency sign, e.g. 12.50.` },
    make: (rng, trap) => {
      const amount = amountOf(rng, low, high);
      return { value: amount.plain, said: trap ? amount.written : amount.plain };
    },
  }),
  card: (label = 'Card number'): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: '\\d{16}', message: `${label}: enter the 16 digits without spaces.` },
    make: (rng, trap) => {
      const digits = Array.from({ length: 4 }, () => String(rng.int(1000, 9999))).join('');
      return { value: digits, said: trap ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : digits };
    },
  }),
  postcode: (label = 'Postcode'): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: '\\d{5}', message: `${label}: enter 5 digits.` },
    make: (rng, trap) => {
      const code = postcodeOf(rng);
      return { value: code, said: trap ? `${code.slice(0, 2)} ${code.slice(2)}` : code };
    },
  }),
  street: (label = 'Street address'): FieldTemplate => ({ label, input: 'text', make: (rng) => same(`${rng.int(1, 240)} ${rng.pick(STREETS)}`) }),
  code: (label: string, prefix: string): FieldTemplate => ({
    label,
    input: 'text',
    format: { pattern: `${prefix}-\\d{4}`, message: `${label}: use the form ${prefix}-1234 (capital letters, a dash, four digits).` },
    make: (rng, trap) => {
      const digits = String(rng.int(1000, 9999));
      return { value: `${prefix}-${digits}`, said: trap ? `${prefix.toLowerCase()}${digits}` : `${prefix}-${digits}` };
    },
  }),
  text: (label: string, pool: readonly string[]): FieldTemplate => ({ label, input: 'text', make: (rng) => same(`${rng.pick(pool)} ${rng.int(2, 98)}`) }),
  city: (label = 'City'): FieldTemplate => ({ label, input: 'select', options: CITIES.slice(0, 12), make: (rng) => same(rng.pick(CITIES.slice(0, 12))) }),
  choice: (label: string, options: readonly string[]): FieldTemplate => ({ label, input: 'select', options, make: (rng) => same(rng.pick(options)) }),
  toggle: (label: string): FieldTemplate => ({ label, input: 'checkbox', make: () => same('true') }),
  date: (label: string, minDays = 3, maxDays = 80): FieldTemplate => ({
    label,
    input: 'date',
    make: (rng, _trap, today) => same(addDays(today, rng.int(minDays, maxDays))),
  }),
};

/** The goal's words for setting one field: quoted values, dates written out, ticks for checkboxes. */
export function clauseFor(template: FieldTemplate, asked: AskedValue, rng: Rng): string {
  switch (template.input) {
    case 'checkbox':
      return asked.value === 'true' ? `tick "${template.label}"` : `untick "${template.label}"`;
    case 'date':
      return rng.pick([`pick ${longDate(asked.value)} as ${template.label.toLowerCase()}`, `${template.label.toLowerCase()} ${longDate(asked.value)}`]);
    case 'select':
      return rng.pick([`choose "${asked.value}" for ${template.label}`, `${template.label} "${asked.value}"`, `set ${template.label} to "${asked.value}"`]);
    default:
      return rng.pick([`${template.label} "${asked.said}"`, `enter "${asked.said}" as ${template.label}`, `set ${template.label} to "${asked.said}"`]);
  }
}

export function fieldBlock(bids: Bids, key: string, template: FieldTemplate, extra: Partial<FieldBlock> = {}): FieldBlock {
  return {
    t: 'field',
    bid: bids.next(),
    key,
    label: template.label,
    input: template.input,
    ...(template.options ? { options: template.options } : {}),
    ...(template.format ? { pattern: template.format.pattern, invalidMessage: template.format.message } : {}),
    ...extra,
  };
}

export function button(bids: Bids, label: string, effect: Effect, extra: Partial<ButtonBlock> = {}): ButtonBlock {
  return { t: 'button', bid: bids.next(), label, effect, ...extra };
}

/** Joins goal clauses as people write lists: "a, b and c". */
export function joinClauses(clauses: readonly string[]): string {
  if (clauses.length <= 1) return clauses.join('');
  return `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
}

/** Look-alike buttons that do nothing useful, worded like the real one. */
export function decoys(bids: Bids, rng: Rng, count: number, realLabel: string): ButtonBlock[] {
  const pool = [
    button(bids, 'Save draft', { do: 'nothing', message: 'Draft saved; nothing was submitted.' }),
    button(bids, `${realLabel} later`, { do: 'nothing', message: 'Scheduling is not available; nothing was submitted.' }, { disabled: true }),
    button(bids, 'Preview', { do: 'nothing', message: 'Preview shown; nothing was submitted.' }),
    button(bids, 'Help', { do: 'nothing', message: 'Fill in the fields and use the main button to continue.' }),
    button(bids, `${realLabel} (old form)`, { do: 'nothing', message: 'This form is retired; nothing was submitted.' }, { disabled: true }),
  ];
  return rng.sample(pool, Math.min(count, pool.length));
}
