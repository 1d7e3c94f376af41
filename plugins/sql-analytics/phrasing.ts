// Question wording: how a stakeholder asks for a shape of a measure, in three registers from spelled-out to terse.
import type { Rng } from 'openenv-ts';
import type { Measure } from './measures.js';
import type { Shape, ShapeParams } from './question-shapes.js';
import type { Group } from './warehouse-model.js';

/** explicit: the question defines the measure; business: the glossary does; stakeholder: a colleague's casual ask. */
export type Register = 'explicit' | 'business' | 'stakeholder';

// {N} measure, {D}/{Ds} dimension, {e}/{E} entity, {Y} year, {Yp} the year before, {Q} quarter, {M} month word.
const FRAMES: Readonly<Record<Shape, readonly string[]>> = {
  'dim-total': [
    'How much {N} did each {D} bring in during {Q}?',
    'Can you pull {N} for {Q}, split by {D}?',
    'I need {Q} {N} for every {D} before the ops review.',
  ],
  'dim-top3': [
    'Which three {Ds} led on {N} in {Y}, biggest first?',
    'Give me the top three {Ds} by {N} for {Y}, best one on top.',
    'For {Y}, rank the {Ds} by {N} and show me only the leading three.',
  ],
  'dim-share': [
    'What share of {Y} {N} came from each {D}, in percent?',
    'How was {N} in {Y} distributed across {Ds}, as a percentage of the total?',
    "Show each {D}'s slice of the {Y} {N} pie, as a percent.",
  ],
  'period-growth': [
    'How did {N} move {M} by {M} through {Y}, with each {M} total and its percent growth against the {M} before?',
    'Month-over-month {N} trend for {Y}, please: each {M} total plus the percent change on the prior {M}.',
    'For every {M} of {Y} I want the {N} total and how much it grew or shrank versus the preceding {M}, in percent.',
  ],
  'year-over-year': [
    'How did {N} per {D} compare between {Y} and the year before, with the percent change?',
    'Year-on-year {N} by {D}: {Y} against {Yp}, plus the change in percent.',
    'Put {Y} and {Yp} {N} side by side for each {D} and give me the percent change.',
  ],
  'active-entities': [
    'How many distinct {E} had any {N} in {Q}, by {D}?',
    'Count the {E} with {N} activity in {Q} for every {D}.',
    'In {Q}, how many different {E} show up in {N} within each {D}?',
  ],
  'top-entity-per-dim': [
    'Who was the biggest {e} by {N} in each {D} during {Y}, and how much?',
    'For every {D}, name the single {e} with the largest {N} in {Y} and the amount.',
    "I'd like the top {e} per {D} on {N} for {Y}, with their total.",
  ],
  'running-total': [
    'Show {N} for each {M} of {Y} together with the running total since the start of that year.',
    'Cumulative {N} through {Y}: the {M}ly figure and the year-to-date total, {M} by {M}.',
    'Build me a year-to-date {N} view for {Y}: each {M} amount and the total so far.',
  ],
  'cohort-retention': [
    'Of the {E} whose first {N} activity fell in each quarter of {Y}, how many were active again in the very next quarter?',
    'Quarterly {E} cohorts for {Y} on {N}: cohort size by quarter of first activity and how many came back the following quarter.',
    'Group {E} by the quarter of {Y} in which they first appear in {N} and tell me how many of each group returned the next quarter.',
  ],
  'average-per-entity': [
    'What was the average {N} per active {e} in {Y}, by {D}?',
    'For {Y}, how much {N} does a typical active {e} account for in each {D}, on average?',
    'Per {D}, divide {Y} {N} by the number of {E} behind it: what is the average per {e}?',
  ],
  'top-entities': [
    'Who were our five biggest {E} by {N} in {Y}, largest first?',
    'List the top five {E} on {N} for {Y}, in descending order.',
    'Which five {E} accounted for the most {N} in {Y}, from the largest down?',
  ],
};

const OPENERS = ['', '', 'Quick one for the board pack.', 'From the CFO office:', 'Ahead of the quarterly review:', 'For the regional leads:', 'Before Friday, please.', 'Hi team.'];

/** How a level-1 question defines its measure (the world then has no traps: statuses are words, amounts are dollars). */
const DEFINITIONS: Readonly<Record<Group, string>> = {
  sales: "net sales being quantity times unit price times (1 minus discount) on the lines of orders with status 'shipped' or 'delivered', dated by the order time",
  billing: "billed revenue being invoice amount minus credit amount for invoices with status 'issued' or 'paid', dated by the invoice date and owned by the subscription's customer",
  support: "resolution hours being the hours from opening to resolution of tickets with status 'resolved' or 'closed', dated by the opening time",
  hr: "approved expenses being the approved amount of claims with status 'approved' or 'paid', dated by the claim date",
  logistics: "freight cost being cost plus surcharge of shipments whose status is not 'cancelled', dated by the ship time and owned by the customer of the shipped order",
  marketing: "media spend being amount plus agency fee of spend rows with status 'booked', dated by the booking date",
};

const ORDINALS = ['first', 'second', 'third', 'fourth'];

function yearPhrase(r: Rng, year: number, fiscal: boolean, register: Register): string {
  if (!fiscal) return register === 'stakeholder' ? r.pick([`${year}`, `calendar ${year}`, `the ${year} year`]) : `${year}`;
  if (register !== 'stakeholder') return `fiscal year ${year}`;
  return r.pick([`FY${year}`, `FY${year % 100}`, `fiscal ${year}`]);
}

function quarterPhrase(r: Rng, year: number, quarter: number, fiscal: boolean, register: Register): string {
  if (!fiscal) return register === 'stakeholder' ? r.pick([`Q${quarter} ${year}`, `the ${ORDINALS[quarter - 1]} quarter of ${year}`]) : `Q${quarter} ${year}`;
  if (register !== 'stakeholder') return `Q${quarter} of fiscal year ${year}`;
  return r.pick([`FY${year % 100} Q${quarter}`, `Q${quarter} FY${year}`, `the ${ORDINALS[quarter - 1]} quarter of fiscal ${year}`]);
}

/** The question text of a shape of a measure with its parameters, in a register. */
export function questionText(r: Rng, shape: Shape, m: Measure, p: ShapeParams, register: Register): string {
  const frame = r.pick(FRAMES[shape]);
  const month = p.fiscal ? 'fiscal month' : 'month';
  const fill = (text: string) =>
    text
      .replace(/\{N\}/g, m.noun)
      .replace(/\{Ds\}/g, p.dimension?.plural ?? '')
      .replace(/\{D\}/g, p.dimension?.noun ?? '')
      .replace(/\{E\}/g, m.entities)
      .replace(/\{e\}/g, m.entity)
      .replace(/\{Yp\}/g, yearPhrase(r.fork('prior'), p.year - 1, p.fiscal, register))
      .replace(/\{Y\}/g, yearPhrase(r.fork('year'), p.year, p.fiscal, register))
      .replace(/\{Q\}/g, quarterPhrase(r, p.year, p.quarter, p.fiscal, register))
      .replace(/\{M\}/g, month);
  let text = fill(frame);
  text = text[0]!.toUpperCase() + text.slice(1);
  if (register === 'explicit') {
    const end = text.slice(-1);
    const ids = shape === 'top-entity-per-dim' || shape === 'top-entities' ? `, ${m.entities} identified by their id` : '';
    return `${text.slice(0, -1)}, ${DEFINITIONS[m.group]}${ids}${end}`;
  }
  if (register === 'business') return text;
  const opener = r.pick(OPENERS);
  if (!opener) return text;
  // After a colon the question runs on in lower case; "Q1" and "FY24" keep their capitals.
  const runOn = opener.endsWith(':') && !/^[A-Z]{1,2}\d|^FY|^I\b/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
  return `${opener} ${runOn}`;
}
