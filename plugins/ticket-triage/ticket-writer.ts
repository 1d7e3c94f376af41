// Writes one ticket's subject and body (a single message or a thread) from its facts, through the phrase grammar.
import type { Rng } from 'openenv-ts';
import { NOISE, DISTRACTORS_AGAINST, type NoiseFrame } from './noise-frames.js';
import { addTypo, capitalize, expand, fill, inRegister, type Register } from './phrase-grammar.js';
import type { Frame, Situation } from './situations.js';
import { AREA_NAMES, type ProductArea, type Tier } from './taxonomy.js';
import { AREA_DETAILS, CLOSINGS, COUNTRIES, GREETINGS, JOB_TITLES } from './ticket-templates.js';
import type { Tone } from './types.js';
import type { LocalDeadline } from './local-time.js';

/** A problem to state: its situation and the frame (family) that words it. */
export interface Issue {
  readonly situation: Situation;
  readonly frame: Frame;
}

/** How the thread moves on after the first message (levels with threads). */
export type Evolution =
  | { readonly kind: 'none' }
  | { readonly kind: 'retract'; readonly decoy: Issue }
  | { readonly kind: 'ease' }
  | { readonly kind: 'worsen' }
  | { readonly kind: 'deadline-moved'; readonly first_hours: number }
  | { readonly kind: 'deadline-dropped'; readonly first_hours: number }
  | { readonly kind: 'deadline-added' };

export interface TicketStyle {
  readonly tone: Tone;
  readonly register: Register;
  readonly distractors: number;
  readonly duration: boolean;
  readonly quoted_reply: boolean;
  readonly typo_rate: number;
  /** A plan the customer claims in the text (which the account record may contradict), or null. */
  readonly claimed_tier: Tier | null;
}

export interface WriterInput {
  /** The problems, in the order the customer writes them; the first is stated in the first message. */
  readonly issues: readonly Issue[];
  readonly evolution: Evolution;
  /** The deadline that stands at the end of the thread (hours after receipt), or null. */
  readonly deadline_hours: number | null;
  readonly product_area: ProductArea;
  readonly style: TicketStyle;
  readonly vendor: { readonly name: string; readonly domain: string };
  readonly sender: { readonly first: string; readonly last: string; readonly email: string; readonly customer: string };
  readonly received_minute: number;
  readonly received_date: string;
  readonly earlier_date: string;
  /** The noise frames this split may use, by role. */
  readonly noise: (role: string) => readonly NoiseFrame[];
  /** Escalation desk: the feature the problems name (otherwise drawn from the area), earlier tickets the customer names, deadlines in local time. */
  readonly feature?: string;
  readonly references?: ReadonlyArray<{ readonly same: boolean; readonly ref: string }>;
  readonly local_deadlines?: { readonly first?: LocalDeadline; readonly final?: LocalDeadline };
  /** An earlier ticket id that only the quoted support reply mentions (the customer does not name it). */
  readonly quoted_ref?: string;
}

export interface WrittenTicket {
  readonly subject: string;
  readonly body: string;
}

/** 'HH:MM' of a minute of the day; minutes outside 0-1439 wrap around midnight. */
export function clock(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function slotsFor(rng: Rng, input: WriterInput): Record<string, string> {
  const area = AREA_DETAILS[input.product_area];
  const drawn = rng.pick(area.features);
  const feature = input.feature ?? drawn;
  const seats = rng.int(4, 60);
  const slots: Record<string, string> = {
    vendor: input.vendor.name,
    feature,
    Feature: capitalize(feature),
    areaPhrase: area.phrase,
    areaName: AREA_NAMES[input.product_area],
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
    otherEmail: `${input.sender.first.toLowerCase()}@${rng.pick(['newmail.com', 'proton.me', 'mailbox.org'])}`,
    country: rng.pick(COUNTRIES),
  };
  slots.cosmetic = expand(rng, rng.pick(area.cosmetics), slots);
  return slots;
}

function deadlineText(rng: Rng, hours: number, say: (role: string, extra?: Record<string, string>) => string): string {
  if (hours % 24 === 0 && rng.chance(0.7)) {
    return say('deadline_days', { d: String(hours / 24) }).replace(/\b1 days\b/, '1 day');
  }
  return say('deadline_hours', { h: String(hours) });
}

/** A deadline as a local clock time; never given a typo, since its words are the fact. */
function localDeadlineText(rng: Rng, deadline: LocalDeadline, input: WriterInput, register: Register): string {
  return inRegister(rng, expand(rng, rng.pick(input.noise('deadline_local')).text, { clock: deadline.clock, when: deadline.when }), register);
}

export function writeTicket(rng: Rng, input: WriterInput): WrittenTicket {
  const { style } = input;
  const slots = slotsFor(rng, input);
  const polish = (s: string) => {
    const registered = inRegister(rng, s, style.register);
    return rng.chance(style.typo_rate) ? addTypo(rng, registered) : registered;
  };
  const say = (role: string, extra: Record<string, string> = {}): string => {
    const frames = input.noise(role);
    return polish(expand(rng, rng.pick(frames).text, { ...slots, ...extra }));
  };
  const state = (issue: Issue) => polish(expand(rng, issue.frame.body, slots));
  const decoys = input.evolution.kind === 'retract' ? [input.evolution.decoy] : [];
  const facts: string[] = [...input.issues, ...decoys].flatMap((i) => [i.situation.concept, i.situation.id]);

  // The first message: what the customer reports first (a decoy when the thread later retracts it).
  const opening = input.evolution.kind === 'retract' ? [input.evolution.decoy] : input.issues.slice(0, 1);
  const first: string[] = [];
  const second: string[] = [];
  if (style.tone === 'angry' && style.register !== 'terse') first.push(say('angry'));
  if (style.tone === 'calm' && style.register !== 'terse') {
    // "Whenever suits you" beside a stated deadline would contradict it.
    const dated = input.deadline_hours !== null || 'first_hours' in input.evolution;
    const calm = input.noise('calm').filter((f) => !dated || (f.id !== 'whenever' && f.id !== 'thanks-ahead'));
    if (calm.length > 0) first.push(polish(expand(rng, rng.pick(calm).text, slots)));
  }
  const distractors = rng
    .shuffle(input.noise('distractor'))
    .filter((f) => !(DISTRACTORS_AGAINST[f.id] ?? []).some((c) => facts.includes(c)))
    .slice(0, style.distractors)
    .map((f) => polish(expand(rng, f.text, slots)));
  const before = distractors.length === 2 || (distractors.length === 1 && rng.chance(0.5));
  if (before) first.push(distractors[0]!);
  first.push(...opening.map(state));
  const paragraphs: string[] = [first.join(' ')];
  // A second problem in the same message (not when the thread retracts the first).
  if (input.evolution.kind !== 'retract' && input.issues.length > 1) {
    paragraphs.push(`${say('also')} ${input.issues.slice(1).map(state).join(' ')}`);
  }
  second.push(...distractors.slice(before ? 1 : 0));
  if (style.duration) {
    const dated = opening.some((i) => /\{time\}|today|yesterday|ago|this morning/.test(i.frame.body));
    second.push(dated ? say('tenure', { n: String(rng.int(2, 9)) }) : say(rng.pick(['duration', 'tenure']), { n: String(rng.int(2, 9)) }));
  }
  if (style.claimed_tier) second.push(say('tier_claim', { claimed: style.claimed_tier }));
  for (const reference of input.references ?? []) second.push(say(reference.same ? 'ref_same' : 'ref_other', { ref: reference.ref }));
  const firstDeadline =
    input.evolution.kind === 'deadline-moved' || input.evolution.kind === 'deadline-dropped'
      ? input.evolution.first_hours
      : input.evolution.kind === 'none' || input.evolution.kind === 'ease' || input.evolution.kind === 'worsen'
        ? input.deadline_hours
        : null;
  const localFirst = input.local_deadlines?.first;
  if (firstDeadline !== null && localFirst) second.push(localDeadlineText(rng, localFirst, input, style.register));
  else if (firstDeadline !== null) second.push(polish(deadlineText(rng, firstDeadline, (role, extra) => expand(rng, rng.pick(input.noise(role)).text, { ...slots, ...extra }))));
  if (style.tone === 'angry' && style.register !== 'terse') second.push(say('angry'));
  if (second.length > 0) paragraphs.push(second.join(' '));

  const name = `${input.sender.first} ${input.sender.last}`;
  const lines: string[] = [];
  if (style.register !== 'terse' && rng.chance(0.85)) lines.push(fill(rng.pick(GREETINGS), slots), '');
  lines.push(paragraphs.join('\n\n'), '', style.register === 'terse' ? `- ${input.sender.first}` : rng.pick(CLOSINGS));
  if (style.register !== 'terse') lines.push(name);
  if (style.register === 'formal' && rng.chance(0.6)) lines.push(`${rng.pick(JOB_TITLES)}, ${input.sender.customer}`);
  if (style.quoted_reply) {
    const agent = rng.pick(['Sam', 'Alex', 'Jordan', 'Robin', 'Kai']);
    lines.push('', `On ${input.earlier_date}, ${input.vendor.name} Support wrote:`, `> Hi ${input.sender.first},`, `> ${capitalize(expand(rng, rng.pick(input.noise('quoted')).text, slots))}`);
    if (input.quoted_ref) lines.push(`> Your ticket ${input.quoted_ref} is linked here for reference.`);
    lines.push(`> ${agent}`);
  }

  // Later messages of a thread: an optional support reply, then the customer's follow-up.
  if (input.evolution.kind !== 'none') {
    let minute = input.received_minute + rng.int(20, 90);
    if (rng.chance(0.6)) {
      lines.push('', `[${input.received_date} ${clock(minute)} UTC] ${input.vendor.name} Support:`, capitalize(expand(rng, rng.pick(input.noise('support_reply')).text, slots)));
      minute += rng.int(10, 60);
    }
    const follow: string[] = [];
    const e = input.evolution;
    if (e.kind === 'retract') {
      follow.push(say('retract'), ...input.issues.map(state));
      const localFinal = input.local_deadlines?.final;
      if (input.deadline_hours !== null && localFinal) follow.push(localDeadlineText(rng, localFinal, input, style.register));
      else if (input.deadline_hours !== null) follow.push(polish(deadlineText(rng, input.deadline_hours, (role, extra) => expand(rng, rng.pick(input.noise(role)).text, { ...slots, ...extra }))));
    } else if (e.kind === 'ease') follow.push(say('follow_ease'));
    else if (e.kind === 'worsen') follow.push(say('follow_worse'));
    else if (e.kind === 'deadline-moved' || e.kind === 'deadline-added') follow.push(say('follow_deadline', { h: String(input.deadline_hours) }));
    else if (e.kind === 'deadline-dropped') follow.push(say('follow_no_deadline'));
    lines.push('', `[${input.received_date} ${clock(minute)} UTC] ${name}:`, follow.join(' '));
  }

  const lead = input.evolution.kind === 'retract' ? input.evolution.decoy : input.issues[0]!;
  let subject = expand(rng, rng.pick(lead.frame.subjects), slots);
  if (style.tone === 'angry' && rng.chance(0.5)) subject = `${rng.pick(['URGENT!!! ', 'CRITICAL - ', 'ASAP: '])}${rng.chance(0.4) ? subject.toUpperCase() : subject}`;
  if (style.tone === 'calm' && rng.chance(0.4)) subject = rng.pick(['Small heads-up', 'Quick question', 'When you have a minute', 'FYI']);
  if (style.quoted_reply) subject = `Re: ${subject}`;
  return { subject, body: lines.join('\n') };
}
