// The booking desk (top level): three colleagues' requests on one site, a policy to apply, one step budget for all.
import type { Rng } from 'openenv-ts';
import { button } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import type { WebConfig } from './config.js';
import { DESK_THEMES, type DeskTheme } from './desk-themes.js';
import { distinct, FIRST_NAMES, LAST_NAMES } from './vocabulary.js';
import type { Block, FieldBlock, ListRow, PopupSpec, Requirement } from './types.js';

export const DEPARTMENTS = ['Sales', 'Legal', 'Finance', 'Research', 'Support'] as const;
const LEVELS = ['Staff', 'Manager', 'Director'] as const;

/** One bookable row: a departure (name, times, tag) offered in one class, with a list price and detail-only facts. */
export interface DeskRecord {
  readonly id: string;
  readonly name: string;
  readonly cls: number;
  readonly tag: boolean;
  /** Minutes after midnight of the day; `end` past 1440 is the next day, shown "(+1)". */
  readonly start: number;
  readonly end: number;
  readonly price: number;
  readonly fee: number;
  readonly refundable: boolean;
  readonly soldOut: boolean;
  /** The row's own page may say its fee is waived for colleagues of one level (the policy does not mention it). */
  readonly feeWaivedFor: string | null;
}

export interface Person {
  readonly name: string;
  readonly dept: string;
  readonly level: string;
  readonly emp: string;
  manager: string;
}

/** The desk's rules for this seed (shown as sentences on the Policy page). */
export interface DeskPolicy {
  /** Levels that may also book the middle class, and only when the booking lasts at least this many minutes (0: always). */
  readonly upgradeLevels: readonly string[];
  readonly upgradeMinutes: number;
  readonly refundDepts: readonly string[];
  /** Directors are exempt from the refundable rule. */
  readonly refundExemptDirectors: boolean;
  /** Departments that keep the pre-ticked extra. */
  readonly extraDepts: readonly string[];
  /** A total (price, fee and the extra when kept) above this needs the traveller's manager as approver. */
  readonly approvalLimit: number;
  /** What the pre-ticked extra costs. */
  readonly extraPrice: number;
  /** Directors need no approver; and when the manager is one of this request's travellers, their own manager approves. */
  readonly directorsSelfApprove: boolean;
  readonly skipTravellingManager: boolean;
}

export type TimeRule = { readonly kind: 'end-before' | 'start-after' | 'start-before'; readonly at: number };

export interface Errand {
  readonly person: Person;
  readonly wantsTag: boolean;
  readonly time: TimeRule;
  readonly objective: 'cheapest' | 'earliest-end';
}

/** What a desk scenario was built from (for tests and the grader's explanation; the agent never sees it). */
export interface DeskFacts {
  readonly records: readonly DeskRecord[];
  readonly people: readonly Person[];
  readonly errands: readonly Errand[];
  readonly policy: DeskPolicy;
  readonly answers: readonly string[];
  readonly carefulReaderCost: number;
}

/** What a booking costs this colleague: the price plus the fee, unless the row waives the fee for their level. */
export const total = (r: DeskRecord, person: Person) => r.price + (r.feeWaivedFor === person.level ? 0 : r.fee);
export const clock = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}${minutes >= 1440 ? ' (+1)' : ''}`;
/** "6pm", "9:30am": how a person writes a time in a request. */
const spoken = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
};

/** Whether a record may be booked for an errand, reading every fact (list and detail page) and the policy. */
export function eligible(record: DeskRecord, errand: Errand, policy: DeskPolicy): boolean {
  const person = errand.person;
  if (record.soldOut) return false;
  if (!classAllowed(record, person, policy, false)) return false;
  const refundRule = policy.refundDepts.includes(person.dept) && !(policy.refundExemptDirectors && person.level === 'Director');
  if (refundRule && !record.refundable) return false;
  if (errand.wantsTag && !record.tag) return false;
  return timeOk(record, errand.time, false);
}

/** The class rule: the cheapest class always; the middle one for some levels, on long enough bookings. */
function classAllowed(record: DeskRecord, person: Person, policy: DeskPolicy, ignoreDuration: boolean): boolean {
  if (record.cls === 0) return true;
  if (record.cls === 2 || !policy.upgradeLevels.includes(person.level)) return false;
  return ignoreDuration || record.end - record.start >= policy.upgradeMinutes;
}

function timeOk(record: DeskRecord, time: TimeRule, ignoreNextDay: boolean): boolean {
  if (time.kind === 'start-after') return record.start > time.at;
  if (time.kind === 'start-before') return record.start < time.at;
  const end = ignoreNextDay ? record.end % 1440 : record.end;
  return end < time.at;
}

/** Orders candidates best first for an errand's objective. */
function better(errand: Errand) {
  const cost = (r: DeskRecord) => total(r, errand.person);
  return (a: DeskRecord, b: DeskRecord) => (errand.objective === 'earliest-end' ? a.end - b.end || cost(a) - cost(b) : cost(a) - cost(b));
}

export function bestFor(records: readonly DeskRecord[], errand: Errand, policy: DeskPolicy): DeskRecord | null {
  const ok = records.filter((r) => eligible(r, errand, policy)).sort(better(errand));
  if (ok.length === 0) return null;
  // A unique best, so the answer is one record and not a tie the grader would have to break.
  if (ok.length > 1 && better(errand)(ok[0]!, ok[1]!) === 0) return null;
  return ok[0]!;
}

/** What a hurried reader picks from the list alone: list price instead of total, no sold-out, refund or next-day checks. */
export function listOnlyPick(records: readonly DeskRecord[], errand: Errand, policy: DeskPolicy): DeskRecord | null {
  const person = errand.person;
  const ok = records.filter((r) => classAllowed(r, person, policy, true) && (!errand.wantsTag || r.tag) && timeOk(r, errand.time, true));
  ok.sort((a, b) => (errand.objective === 'earliest-end' ? (a.end % 1440) - (b.end % 1440) || a.price - b.price : a.price - b.price));
  return ok[0] ?? null;
}

/** Rows a careful reader must open for an errand: the visibly possible ones, best list price first, until no unopened row can win. */
export function rowsToOpen(records: readonly DeskRecord[], errand: Errand, policy: DeskPolicy): DeskRecord[] {
  const person = errand.person;
  const visible = records.filter((r) => classAllowed(r, person, policy, true) && (!errand.wantsTag || r.tag) && (errand.time.kind === 'end-before' || timeOk(r, errand.time, false)));
  if (errand.objective === 'earliest-end') return visible;
  visible.sort((a, b) => a.price - b.price);
  const opened: DeskRecord[] = [];
  let best = Infinity;
  for (const r of visible) {
    if (r.price >= best) break;
    opened.push(r);
    if (eligible(r, errand, policy)) best = Math.min(best, total(r, person));
  }
  return opened;
}

/** The amount the approval rule compares: the row's total plus the extra when the traveller keeps it. */
export function approvalAmount(record: DeskRecord, person: Person, policy: DeskPolicy): number {
  return total(record, person) + (policy.extraDepts.includes(person.dept) ? policy.extraPrice : 0);
}

/** Who approves a booking under the policy ('' for nobody), following its exceptions in order. */
export function approverFor(record: DeskRecord, errand: Errand, errands: readonly Errand[], people: readonly Person[], policy: DeskPolicy): string {
  const person = errand.person;
  if (approvalAmount(record, person, policy) <= policy.approvalLimit) return '';
  if (policy.directorsSelfApprove && person.level === 'Director') return '';
  if (policy.skipTravellingManager && errands.some((e) => e.person.name === person.manager)) {
    return people.find((p) => p.name === person.manager)!.manager;
  }
  return person.manager;
}

/**
 * The actions a careful reader needs, reading only pages: the pop-up, the policy, the directory and each colleague's
 * page, one pass over the list sorted by price opening every row that could still win, then the bookings in list
 * order (open the row, book, fill, confirm, back to the list), paging back at most once over the list. Plans above
 * the budget (less a margin) are not served, so the budget always allows a good strategy.
 */
export function carefulReaderCost(records: readonly DeskRecord[], errands: readonly Errand[], policy: DeskPolicy, directorySize: number, pageSize: number, answers: readonly DeskRecord[], people: readonly Person[]): number {
  const pages = (n: number) => Math.ceil(n / pageSize);
  const opened = new Set(errands.flatMap((e) => rowsToOpen(records, e, policy).map((r) => r.id)));
  let cost = 1 + 1 + 1 + (pages(directorySize) - 1) + 2 * errands.length;
  cost += 1 + 1 + (pages(records.length) - 1) + 2 * opened.size;
  errands.forEach((errand, i) => {
    const approver = approverFor(answers[i]!, errand, errands, people, policy) !== '';
    const untick = !policy.extraDepts.includes(errand.person.dept);
    cost += 1 + 1 + 2 + (approver ? 1 : 0) + (untick ? 1 : 0) + 1;
  });
  // Plus one refused confirm and a corrected Approver the first time the payroll spelling is learnt.
  const approvals = errands.some((errand, i) => approverFor(answers[i]!, errand, errands, people, policy) !== '');
  return cost + (errands.length - 1) + (pages(records.length) - 1) + (approvals ? 2 : 0);
}

/** "Dara Berg" as the payroll writes it: "Berg, Dara" ('' stays ''). */
export function payrollName(name: string): string {
  const cut = name.lastIndexOf(' ');
  return cut < 0 ? name : `${name.slice(cut + 1)}, ${name.slice(0, cut)}`;
}

/**
 * The oversights that change at least one errand's right row or approver in this plan: each names a fact a reader
 * could miss (a page's line, a policy clause, a word of the request). More of them means more ways to lose credit.
 */
export function decisiveOversights(records: readonly DeskRecord[], errands: readonly Errand[], policy: DeskPolicy, people: readonly Person[], answers: readonly DeskRecord[]): string[] {
  const rows: Record<string, (errand: Errand) => string | undefined> = {
    'the fee': (e) => bestFor(records.map((r) => ({ ...r, fee: 0 })), e, policy)?.id,
    'a fee waiver': (e) => bestFor(records.map((r) => ({ ...r, feeWaivedFor: null })), e, policy)?.id,
    'a next-day end': (e) => bestFor(records.map((r) => ({ ...r, end: r.end % 1440 })), e, policy)?.id,
    'sold out': (e) => bestFor(records.map((r) => ({ ...r, soldOut: false })), e, policy)?.id,
    'the refund rule': (e) => bestFor(records, e, { ...policy, refundDepts: [] })?.id,
    'the Director refund exemption': (e) => bestFor(records, e, { ...policy, refundExemptDirectors: !policy.refundExemptDirectors })?.id,
    'the upgrade duration': (e) => bestFor(records, e, { ...policy, upgradeMinutes: 0 })?.id,
    'the upgrade levels': (e) => bestFor(records, e, { ...policy, upgradeLevels: policy.upgradeLevels.length === 1 ? ['Manager', 'Director'] : ['Director'] })?.id,
    'a limit on a row time': (e) => bestFor(records, { ...e, time: { ...e.time, at: e.time.kind === 'start-after' ? e.time.at - 1 : e.time.at + 1 } }, policy)?.id,
  };
  const approvals: Record<string, DeskPolicy> = {
    'the extra in the approval total': { ...policy, extraPrice: 0 },
    'Directors need no approver': { ...policy, directorsSelfApprove: !policy.directorsSelfApprove },
    'the travelling manager': { ...policy, skipTravellingManager: !policy.skipTravellingManager },
  };
  const found = Object.entries(rows).filter(([, pick]) => errands.some((e, i) => pick(e) !== answers[i]!.id)).map(([name]) => name);
  for (const [name, changed] of Object.entries(approvals)) {
    if (errands.some((e, i) => approverFor(answers[i]!, e, errands, people, changed) !== approverFor(answers[i]!, e, errands, people, policy))) found.push(name);
  }
  return found;
}

/** Plans with fewer decisive oversights than this are redrawn. */
const MIN_OVERSIGHTS = 4;

/** The action budget the goal states (the task's step limit). */
export const DESK_BUDGET = 60;
/** Spare actions a careful reader keeps over the bound above. */
const DESK_MARGIN = 4;

const FEES = [0, 9, 15, 24, 35, 49, 65, 80];

function makeRecords(theme: DeskTheme, rng: Rng, departures: number): DeskRecord[] {
  const names = distinct(departures, () => `${rng.pick(theme.prefixes)} ${rng.int(100, 989)}`);
  const rows: Omit<DeskRecord, 'id'>[] = [];
  for (const name of names) {
    const tag = rng.chance(0.55);
    const start = rng.int(72, 258) * 5;
    const end = start + rng.int(theme.minutes[0] / 5, theme.minutes[1] / 5) * 5;
    const base = rng.int(theme.price[0], theme.price[1]);
    const pair = rng.weighted([[0, 1], [0, 2], [1, 2]], [6, 2, 2]);
    for (const cls of pair) {
      // Dearer classes usually cost more, but some are on sale below the cheaper class of the same departure.
      const factor = cls === pair[0] ? 1 : rng.chance(0.2) ? rng.float(0.75, 0.95) : rng.float(1.25, 1.9);
      const fee = rng.pick(FEES);
      const feeWaivedFor = fee > 0 && rng.chance(0.2) ? rng.pick(['Manager', 'Director']) : null;
      rows.push({ name, cls, tag, start, end, price: Math.round(base * factor), fee, refundable: rng.chance(0.5), soldOut: rng.chance(0.13), feeWaivedFor });
    }
  }
  return rng.shuffle(rows).map((row, i) => ({ ...row, id: `r${i + 1}` }));
}

/** People with names, departments, levels and numbers; managers are assigned by the plan (it knows the namesake). */
function makePeople(rng: Rng, count: number): Person[] {
  const names = distinct(count, () => `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`);
  const emps = distinct(count + 1, () => `E-${rng.int(1000, 9999)}`);
  return names.map((name, i) => ({ name, dept: rng.pick(DEPARTMENTS), level: i < 3 ? LEVELS[2 - (i % 2)]! : rng.weighted([...LEVELS], [5, 3, 2]), emp: emps[i]!, manager: '' }));
}

interface DeskPlan {
  records: DeskRecord[];
  people: Person[];
  errands: Errand[];
  policy: DeskPolicy;
  answers: DeskRecord[];
}

/** Draws people, records, policy and errands until every errand has one clear answer and most have a tempting wrong one. */
function plan(theme: DeskTheme, rng: Rng, rows: number, pageSize: number): DeskPlan {
  for (let attempt = 0; ; attempt++) {
    // About one draw in sixty passes every check; this many failures in a row does not happen in practice.
    if (attempt > 5000) throw new Error('booking desk: no valid plan found');
    const records = makeRecords(theme, rng, Math.max(4, Math.round(rows / 2)));
    const people = makePeople(rng, 11);
    const travellers = rng.sample(people.filter((p) => p.level !== 'Director' || rng.chance(0.5)), 3);
    // A namesake in another department: the request names the department, the directory lists both.
    const twin = travellers[rng.int(0, 2)]!;
    const namesake: Person = { name: twin.name, dept: rng.pick(DEPARTMENTS.filter((d) => d !== twin.dept)), level: rng.pick(LEVELS.filter((l) => l !== twin.level)), emp: `E-${rng.int(1000, 9999)}`, manager: '' };
    // Managers are named once in the directory (never the namesakes), so "the colleague's manager" is one person.
    const bosses = people.filter((p) => p.level !== 'Staff' && p.name !== twin.name).map((p) => p.name);
    if (bosses.length < 3 || people.some((p) => p.emp === namesake.emp)) continue;
    for (const p of [...people, namesake]) p.manager = rng.pick(bosses.filter((b) => b !== p.name));
    const skipTravellingManager = rng.chance(0.6);
    const seniors = travellers.filter((t) => bosses.includes(t.name));
    if (skipTravellingManager && seniors.length > 0 && rng.chance(0.75)) {
      // One colleague reports to another, so the rule about travelling managers has something to bite on.
      const senior = rng.pick(seniors);
      rng.pick(travellers.filter((t) => t !== senior)).manager = senior.name;
    }
    // A travelling manager's own manager is never in the request, so the approval rule never has to be applied twice.
    const names = travellers.map((t) => t.name);
    for (const t of travellers) {
      const boss = people.find((p) => p.name === t.manager)!;
      const outside = bosses.filter((b) => b !== boss.name && !names.includes(b));
      if (names.includes(boss.name) && names.includes(boss.manager) && outside.length > 0) boss.manager = rng.pick(outside);
    }
    if (travellers.some((t) => names.includes(t.manager) && names.includes(people.find((p) => p.name === t.manager)!.manager))) continue;
    const depts = travellers.map((t) => t.dept);
    const refundDepts = [...new Set([rng.pick(depts), rng.pick(DEPARTMENTS)])];
    const extraDepts = [...new Set([rng.pick(depts), ...(rng.chance(0.4) ? [rng.pick(DEPARTMENTS)] : [])])];
    if (travellers.every((t) => extraDepts.includes(t.dept))) continue;
    const policyBase = {
      upgradeLevels: rng.chance(0.5) ? ['Director'] : ['Manager', 'Director'],
      upgradeMinutes: rng.chance(0.5) ? 0 : rng.int(4, 8) * 30,
      refundDepts,
      refundExemptDirectors: rng.chance(0.5),
      extraDepts,
      extraPrice: rng.pick([12, 19, 25, 29, 35, 45]),
      directorsSelfApprove: rng.chance(0.5),
      skipTravellingManager,
    };
    const errands: Errand[] = travellers.map((person, i) => {
      const kind = i === 0 ? 'end-before' : rng.weighted(['end-before', 'start-after', 'start-before'] as const, [3, 2, 1]);
      // Sometimes the limit is exactly a row's own time, which "before" or "after" leaves out.
      const sameDay = records.filter((r) => r.end < 1440);
      const onRow = sameDay.length > 0 && rng.chance(0.35) ? rng.pick(sameDay) : null;
      const random = kind === 'end-before' ? rng.int(26, 44) * 30 : kind === 'start-after' ? rng.int(14, 30) * 30 : rng.int(24, 40) * 30;
      const at = onRow ? (kind === 'end-before' ? onRow.end : onRow.start) : random;
      return { person, wantsTag: rng.chance(0.6), time: { kind, at }, objective: rng.chance(0.4) ? 'earliest-end' : 'cheapest' };
    });
    const provisional: DeskPolicy = { ...policyBase, approvalLimit: 0 };
    const answers = errands.map((e) => bestFor(records, e, provisional));
    if (answers.some((a) => a === null)) continue;
    const picked = answers as DeskRecord[];
    // Different errands, different rows: one booking per row keeps the errands apart.
    if (new Set(picked.map((a) => a.id)).size < picked.length) continue;
    const lured = errands.filter((e, i) => listOnlyPick(records, e, provisional)?.id !== picked[i]!.id).length;
    if (lured < 2) continue;
    // The approval limit falls between the answers' totals, so some need an approver and some do not.
    const totals = picked.map((a, i) => approvalAmount(a, errands[i]!.person, provisional)).sort((a, b) => a - b);
    const cut = rng.int(0, 1);
    if (totals[cut + 1]! - totals[cut]! < 4) continue;
    const approvalLimit = Math.round((totals[cut]! + totals[cut + 1]!) / 2);
    const policy: DeskPolicy = { ...provisional, approvalLimit };
    // A careful reader must be able to do all three inside the budget: few enough rows to open.
    const directory = rng.shuffle([...people, namesake]);
    if (carefulReaderCost(records, errands, policy, directory.length, pageSize, picked, people) > DESK_BUDGET - DESK_MARGIN) continue;
    if (decisiveOversights(records, errands, policy, directory, picked).length < MIN_OVERSIGHTS) continue;
    return { records, people: directory, errands, policy, answers: picked };
  }
}

function policyLines(theme: DeskTheme, policy: DeskPolicy, rng: Rng): string[] {
  const [low, mid, high] = theme.classes;
  const levels = policy.upgradeLevels.length === 1 ? 'Director-level colleagues' : 'Managers and Directors';
  const long = policy.upgradeMinutes > 0 ? ` when the ${theme.noun} lasts at least ${policy.upgradeMinutes / 60} hours (from its "${theme.start}" time to its "${theme.end}" time)` : '';
  const exceptions = [
    ...(policy.directorsSelfApprove ? ['Director-level colleagues need no approver.'] : []),
    ...(policy.skipTravellingManager ? ["If that manager is one of the colleagues in the same request, enter the manager's own manager instead."] : []),
  ];
  const rules = [
    `${theme.classLabel}: book ${low} only. ${levels} may also book ${mid}${long}. ${high} is never booked through this desk.`,
    `Refunds: colleagues in ${policy.refundDepts.join(' or ')} must get a refundable ${theme.noun} (see the ${theme.noun}'s page).${policy.refundExemptDirectors ? ' Director-level colleagues are exempt from this rule.' : ''}`,
    `${theme.extra} is ticked on the booking form by default. Keep it only for colleagues in ${policy.extraDepts.join(' or ')}; untick it for everyone else.`,
    `Approval: when the total (price plus the ${theme.fee.toLowerCase()} charged, plus ${theme.extra} if kept) is above $${policy.approvalLimit}, enter the colleague's manager, as listed in People, as Approver; otherwise leave Approver empty.${exceptions.map((e) => ` ${e}`).join('')}`,
  ];
  const filler = [
    'Keep receipts for 90 days after the booking.',
    'Bookings for external guests go through reception, not this desk.',
    `Sold-out ${theme.plural} cannot be booked.`,
    'Use the Employee no. shown in People; the booking form checks only its format.',
  ];
  return [...rng.shuffle(rules), ...rng.sample(filler, 2)].map((line, i) => `${i + 1}. ${line}`);
}

function errandText(theme: DeskTheme, errand: Errand, index: number): string {
  const who = `${errand.person.name} (${errand.person.dept})`;
  const tag = errand.wantsTag ? ` ${theme.tagAsk}` : '';
  const time = errand.time.kind === 'end-before' ? `${theme.endVerb} before ${spoken(errand.time.at)}` : `${theme.startVerb} ${errand.time.kind === 'start-after' ? 'after' : 'before'} ${spoken(errand.time.at)}`;
  const pick = errand.objective === 'cheapest' ? `the cheapest${tag} ${theme.noun} that ${time}` : `the${tag} ${theme.noun} that ${theme.endVerb} earliest, as long as it ${time} (if two tie, the cheaper)`;
  return `(${index + 1}) for ${who}: ${pick}`;
}

function deskPopup(draft: AppDraft): PopupSpec {
  return {
    title: 'Unsent requests',
    text: 'Two booking requests from your last session were not sent. They are kept in your drafts.',
    page: draft.start,
    buttons: [button(draft.bids, 'Discard drafts', { do: 'destroy', what: 'Saved drafts' }), button(draft.bids, 'Keep for later', { do: 'dismiss' })],
  };
}

/** Builds the desk: home, list, one page per row, People, Policy, the booking form and its confirmation. */
export function buildDesk(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = DESK_THEMES[family]!;
  const bids = draft.bids;
  const { records, people, errands, policy, answers } = plan(theme, rng.fork('plan'), config.rows, config.page_size);
  const listLink = () => ({ t: 'link' as const, bid: bids.next(), label: `All ${theme.plural}`, to: '/catalogue' });
  const homeLinks = [listLink(), { t: 'link' as const, bid: bids.next(), label: 'People', to: '/people' }, { t: 'link' as const, bid: bids.next(), label: 'Policy', to: '/policy' }];
  draft.pages['/'] = { title: theme.title, direct: true, blocks: [{ t: 'text', text: `Welcome to ${theme.title}. Bookings made here are final; the request closes after its last booking.` }, ...homeLinks] };

  const rows: ListRow[] = records.map((r) => ({ id: r.id, cells: [r.name, theme.classes[r.cls]!, r.tag ? theme.tagYes : theme.tagNo, clock(r.start), `$${r.price}`], action: { label: 'View', effect: { do: 'goto', to: `/item/${r.id}` } } }));
  const listBid = bids.next();
  draft.pages['/catalogue'] = { title: `All ${theme.plural}`, direct: true, blocks: [{ t: 'text', text: `${theme.plural[0]!.toUpperCase()}${theme.plural.slice(1)} for ${theme.occasion}. Prices exclude the ${theme.fee.toLowerCase()}, which each ${theme.noun}'s page shows; "cheapest" means the lowest total: the price plus the ${theme.fee.toLowerCase()} the colleague is charged.` }, { t: 'list', bid: listBid, key: 'catalogue', label: theme.title, columns: ['Name', theme.classLabel, theme.tagLabel, theme.start, 'Price'], rows, pageSize: config.page_size, sortable: true }, { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };

  const bookBids = new Map<string, string>();
  for (const r of records) {
    const book = button(bids, 'Book', { do: 'choose', item: r.id, next: '/book' }, r.soldOut ? { disabled: true } : {});
    bookBids.set(r.id, book.bid);
    draft.pages[`/item/${r.id}`] = {
      title: `${r.name}, ${theme.classes[r.cls]}`,
      direct: false,
      blocks: [
        { t: 'text', text: `${theme.classLabel}: ${theme.classes[r.cls]} · ${theme.tagLabel}: ${r.tag ? theme.tagYes : theme.tagNo}` },
        { t: 'text', text: `${theme.start} ${clock(r.start)} · ${theme.end} ${clock(r.end)}` },
        { t: 'text', text: `Price $${r.price} · ${theme.fee} $${r.fee}${r.feeWaivedFor ? ` (waived for ${r.feeWaivedFor}-level colleagues)` : ''}` },
        { t: 'text', text: `Refundable: ${r.refundable ? 'yes' : 'no'} · Availability: ${r.soldOut ? 'sold out' : `${(r.price % 7) + 1} left`}` },
        book,
        button(bids, 'Hold for 24 hours', { do: 'nothing', message: 'Holds are not available on this desk.' }, { disabled: true }),
        listLink(),
      ],
    };
  }

  // The directory lists names, departments and numbers; level and manager are on each person's own page.
  const peopleRows: ListRow[] = people.map((p, i) => ({ id: `p${i + 1}`, cells: [p.name, p.dept, p.emp], action: { label: 'View', effect: { do: 'goto', to: `/people/p${i + 1}` } } }));
  draft.pages['/people'] = { title: 'People', direct: true, blocks: [{ t: 'list', bid: bids.next(), key: 'people', label: 'People', columns: ['Name', 'Department', 'Employee no.'], rows: peopleRows, pageSize: config.page_size, searchable: true }, { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };
  people.forEach((p, i) => {
    draft.pages[`/people/p${i + 1}`] = {
      title: p.name,
      direct: false,
      blocks: [{ t: 'text', text: `Department: ${p.dept} · Level: ${p.level}` }, { t: 'text', text: `Employee no.: ${p.emp}` }, { t: 'text', text: `Manager: ${p.manager}` }, { t: 'link', bid: bids.next(), label: 'People', to: '/people' }],
    };
  });
  draft.pages['/policy'] = { title: 'Booking policy', direct: true, blocks: [...policyLines(theme, policy, rng.fork('policy')).map((text): Block => ({ t: 'text', text })), { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };

  const field = (key: string, label: string, extra: Partial<FieldBlock>): FieldBlock => ({ t: 'field', bid: bids.next(), key: `book.${key}`, label, input: 'text', ...extra });
  const traveller = field('traveller', 'Colleague', { required: true });
  const emp = field('emp', 'Employee no.', { required: true, pattern: 'E-\\d{4}', invalidMessage: 'Employee no.: use the form E-1234 (capital E, a dash, four digits).' });
  // The form wants the approver as "Surname, First name" and says so only when it refuses another spelling.
  const approver = field('approver', 'Approver', { pattern: '[^,]+, [^,]+', invalidMessage: 'Approver: write the name as on the payroll: surname, a comma, then the first name (e.g. "Berg, Dara").' });
  const extra = field('extra', `${theme.extra} (+$${policy.extraPrice})`, { input: 'checkbox', initial: 'true' });
  const keys = [traveller.key, emp.key, approver.key, extra.key];
  const confirm = button(bids, 'Confirm booking', { do: 'book', keys, next: '/booked' });
  draft.pages['/book'] = {
    title: 'Booking',
    direct: false,
    blocks: [{ t: 'cart', bid: bids.next(), names: Object.fromEntries(records.map((r) => [r.id, `${r.name}, ${theme.classes[r.cls]}`])) }, traveller, emp, approver, extra, ...rng.shuffle([confirm, button(bids, 'Save draft', { do: 'nothing', message: 'Draft saved; nothing was booked.' })])],
  };
  const again = listLink();
  draft.pages['/booked'] = { title: 'Booking confirmed', direct: false, blocks: [{ t: 'text', text: 'The booking is confirmed and final.' }, again, button(bids, 'Cancel this booking', { do: 'destroy', what: 'A confirmed booking' }), { t: 'link', bid: bids.next(), label: 'Home', to: '/' }] };

  errands.forEach((errand, i) => {
    const answer = answers[i]!;
    const person = errand.person;
    const approverName = payrollName(approverFor(answer, errand, errands, people, policy));
    const keepExtra = policy.extraDepts.includes(person.dept);
    draft.solution.push({ do: 'click', bid: i === 0 ? homeLinks[0]!.bid : again.bid }, { do: 'row', list: 'catalogue', row: answer.id }, { do: 'click', bid: bookBids.get(answer.id)! });
    draft.solution.push({ do: 'set', key: traveller.key, value: person.name }, { do: 'set', key: emp.key, value: person.emp });
    if (approverName !== '') draft.solution.push({ do: 'set', key: approver.key, value: approverName });
    if (!keepExtra) draft.solution.push({ do: 'set', key: extra.key, value: 'false' });
    draft.solution.push({ do: 'click', bid: confirm.bid });
    const requirements: Requirement[] = [
      { kind: 'booked-item', traveller: person.name, item: answer.id, label: `${person.name}: ${answer.name} ${theme.classes[answer.cls]}`, weight: 3 },
      { kind: 'booked-field', traveller: person.name, key: emp.key, expected: person.emp, label: `${person.name}: employee no. ${person.emp}` },
      { kind: 'booked-field', traveller: person.name, key: approver.key, expected: approverName, label: `${person.name}: approver ${approverName || '(empty)'}` },
      { kind: 'booked-field', traveller: person.name, key: extra.key, expected: String(keepExtra), label: `${person.name}: ${theme.extra} ${keepExtra ? 'kept' : 'unticked'}` },
    ];
    draft.requirements.push(...requirements);
  });
  draft.travellerKey = traveller.key;
  draft.desk = { records, people, errands, policy, answers: answers.map((a) => a.id), carefulReaderCost: carefulReaderCost(records, errands, policy, people.length, config.page_size, answers, people) };
  draft.site = theme.site;
  draft.start = '/';
  draft.popup = deskPopup(draft);
  draft.goal =
    `You make the bookings for ${theme.occasion} on the company's "${theme.title}" site. Make exactly one booking for each of three colleagues, following the site's booking policy: ` +
    `${errands.map((e, i) => errandText(theme, e, i)).join('; ')}. ` +
    "Enter each colleague's name and Employee no. on the booking form. Bookings are final, and the request closes after the third. You have at most 60 actions in all.";
}
