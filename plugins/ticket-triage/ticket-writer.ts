// Writes one ticket's subject and body from its facts: a core problem statement wrapped in realistic noise.
import type { Rng } from 'openenv-ts';
import {
  ANGRY_CLOSERS,
  ANGRY_OPENERS,
  ANGRY_SUBJECT_PREFIXES,
  AREA_DETAILS,
  CALM_CLOSERS,
  CALM_OPENERS,
  CALM_SUBJECTS,
  CLOSINGS,
  COUNTRIES,
  DEADLINES_DAYS,
  DEADLINES_HOURS,
  DISTRACTORS,
  DURATIONS,
  FEATURE_DEADLINES_DAYS,
  FEATURE_DEADLINES_HOURS,
  GREETINGS,
  JOB_TITLES,
  QUOTED_MESSAGES,
  TENURES,
} from './ticket-templates.js';
import type { CoreTemplate } from './core-templates.js';
import { AREA_NAMES } from './taxonomy.js';
import type { TicketFacts } from './triage-policy.js';
import type { Tone } from './types.js';

/** The noise a ticket gets, decided by the generator from the config rates. */
export interface TicketStyle {
  readonly tone: Tone;
  /** Sentences with another category's words (0, 1 or 2). */
  readonly distractors: number;
  readonly duration: boolean;
  readonly quoted_reply: boolean;
  /** Chance that each unprotected sentence gets one typo. */
  readonly typo_rate: number;
}

export interface WriterInput {
  readonly facts: TicketFacts;
  /** The deciding sentence's template, chosen by the generator from the split's families. */
  readonly template: CoreTemplate;
  readonly style: TicketStyle;
  readonly vendor: { readonly name: string; readonly domain: string };
  readonly sender: { readonly first: string; readonly last: string; readonly email: string; readonly customer: string };
  /** Minutes after midnight when the ticket arrived, so "since 08:40" lies before it. */
  readonly received_minute: number;
  /** The date before this ticket, for a quoted earlier reply ("2024-03-08"). */
  readonly earlier_date: string;
}

export interface WrittenTicket {
  readonly subject: string;
  readonly body: string;
  readonly evidence: string[];
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => slots[key] ?? whole);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 'HH:MM' of a minute of the day; minutes outside 0-1439 wrap around midnight, so any offset gives a real time. */
export function clock(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** One realistic slip of the keyboard in one longer word; numbers and quoted strings are left alone. */
function addTypo(rng: Rng, sentence: string): string {
  const words = sentence.split(' ');
  const candidates = words.map((w, i) => (/^[a-z]{5,}[,.!?]?$/.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return sentence;
  const index = rng.pick(candidates);
  const word = words[index]!;
  const core = word.replace(/[,.!?]$/, '');
  const tail = word.slice(core.length);
  const at = rng.int(1, core.length - 2);
  let slipped: string;
  switch (rng.int(0, 2)) {
    case 0: // swapped letters
      slipped = core.slice(0, at) + core[at + 1] + core[at] + core.slice(at + 2);
      break;
    case 1: // dropped letter
      slipped = core.slice(0, at) + core.slice(at + 1);
      break;
    default: // doubled letter
      slipped = core.slice(0, at) + core[at] + core.slice(at);
  }
  words[index] = slipped + tail;
  return words.join(' ');
}

function deadlineSentence(rng: Rng, hours: number, featureRequest: boolean): string {
  if (hours % 24 === 0 && rng.chance(0.8)) {
    const days = hours / 24;
    const templates = featureRequest ? FEATURE_DEADLINES_DAYS : DEADLINES_DAYS;
    return fill(rng.pick(templates), { d: String(days) }).replace(/\b1 days\b/, '1 day');
  }
  return fill(rng.pick(featureRequest ? FEATURE_DEADLINES_HOURS : DEADLINES_HOURS), { h: String(hours) });
}

export function writeTicket(rng: Rng, input: WriterInput): WrittenTicket {
  const { facts, style, vendor, sender } = input;
  const area = AREA_DETAILS[facts.product_area];
  const feature = rng.pick(area.features);
  const seats = rng.int(4, 60);
  const slots: Record<string, string> = {
    vendor: vendor.name,
    feature,
    Feature: capitalize(feature),
    areaPhrase: area.phrase,
    areaName: AREA_NAMES[facts.product_area],
    areaLower: AREA_NAMES[facts.product_area].toLowerCase(),
    error: rng.pick(area.errors),
    outageError: area.outage_error,
    ask: rng.pick(area.asks),
    time: clock(input.received_minute - rng.int(15, 300)),
    n: String(rng.int(3, 12)),
    amount: `${rng.int(49, 2400)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
    invoice: `INV-${rng.int(10000, 99999)}`,
    ref: `${rng.pick(['BR', 'TX', 'PAY'])}${rng.int(100000, 999999)}`,
    seats: String(seats),
    seatsBilled: String(seats + rng.int(2, 25)),
    vat: `${rng.pick(['GB', 'DE', 'FR', 'NL', 'IE'])}${rng.int(100000000, 999999999)}`,
    otherEmail: `${sender.first.toLowerCase()}@${rng.pick(['newmail.com', 'proton.me', sender.email.split('@')[1]!])}`,
    country: rng.pick(COUNTRIES),
  };
  slots.cosmetic = fill(rng.pick(area.cosmetics), slots);

  const template = input.template;
  const core = fill(template.body, slots);
  const evidence = [core];

  // Middle paragraph: the problem, with optional misleading or irrelevant sentences around it.
  const first: string[] = [];
  const second: string[] = [];
  const noisy = (s: string) => (rng.chance(style.typo_rate) ? addTypo(rng, s) : s);
  if (style.tone === 'angry') first.push(noisy(rng.pick(ANGRY_OPENERS)));
  if (style.tone === 'calm') {
    // "No rush" beside a stated deadline would contradict it; other calm openers do not.
    const openers = facts.deadline_hours === null ? CALM_OPENERS : CALM_OPENERS.filter((o) => !/rush/i.test(o));
    first.push(noisy(rng.pick(openers)));
  }
  // One distractor goes on either side of the problem; a second one takes the other side.
  const distractors = rng.sample(DISTRACTORS[facts.category], Math.min(style.distractors, DISTRACTORS[facts.category].length)).map((d) => noisy(fill(d, slots)));
  const before = distractors.length === 2 || (distractors.length === 1 && rng.chance(0.5));
  if (before) first.push(distractors[0]!);
  first.push(core);
  second.push(...distractors.slice(before ? 1 : 0));
  if (style.duration) {
    // A problem dated "since 08:40" or "yesterday" cannot also have lasted 6 days.
    const dated = /\{time\}|today|yesterday|last night|this morning|ago/.test(template.body);
    const options = dated ? TENURES : [...DURATIONS, ...TENURES];
    second.push(noisy(fill(rng.pick(options), { ...slots, n: String(rng.int(2, 9)) })));
  }
  if (facts.deadline_hours !== null) {
    const deadline = deadlineSentence(rng, facts.deadline_hours, facts.category === 'feature_request');
    evidence.push(deadline);
    second.push(deadline);
  }
  if (style.tone === 'angry') second.push(noisy(rng.pick(ANGRY_CLOSERS)));
  if (style.tone === 'calm' && facts.deadline_hours === null) second.push(noisy(rng.pick(CALM_CLOSERS)));

  const lines: string[] = [];
  if (rng.chance(0.85)) lines.push(noisy(fill(rng.pick(GREETINGS), slots)), '');
  lines.push(first.join(' '));
  if (second.length > 0) lines.push('', second.join(' '));
  lines.push('', rng.pick(CLOSINGS), `${sender.first} ${sender.last}`);
  if (rng.chance(0.5)) lines.push(`${rng.pick(JOB_TITLES)}, ${sender.customer}`);
  if (rng.chance(0.15)) lines.push('Sent from my phone');
  if (style.quoted_reply) {
    const agent = rng.pick(['Sam', 'Alex', 'Jordan', 'Robin', 'Kai']);
    lines.push(
      '',
      `On ${input.earlier_date}, ${vendor.name} Support <support@${vendor.domain}> wrote:`,
      `> Hi ${sender.first},`,
      `> ${capitalize(fill(rng.pick(QUOTED_MESSAGES), slots))}`,
      `> Best, ${agent} (${vendor.name} Support)`,
    );
  }

  let subject = fill(rng.pick(template.subjects), slots);
  if (style.tone === 'angry') subject = rng.pick(ANGRY_SUBJECT_PREFIXES) + (rng.chance(0.4) ? subject.toUpperCase() : subject);
  if (style.tone === 'calm' && rng.chance(0.6)) subject = rng.pick(CALM_SUBJECTS);
  if (style.quoted_reply) subject = `Re: ${subject}`;

  return { subject, body: lines.join('\n'), evidence };
}
