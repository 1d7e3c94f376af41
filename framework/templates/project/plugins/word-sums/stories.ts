// The story families of the word-sums task: each tells a count changing through events in its own setting and words.
import type { Rng } from 'openenv-ts';

/** One change to the count: a number of items arriving or leaving, told as a sentence of its family. */
export interface StoryEvent {
  readonly change: number;
  readonly sentence: string;
}

/** A setting: how the story opens, and how items arrive and leave, each with the numbers filled in. */
interface Setting {
  readonly opening: (rng: Rng, name: string, count: number) => string;
  readonly arrive: (rng: Rng, name: string, amount: number) => string;
  readonly leave: (rng: Rng, name: string, amount: number) => string;
  readonly question: (name: string) => string;
}

const NAMES = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Noor', 'Olga', 'Pavel'];

// Eight families, so the framework can deal disjoint ones to train and test (a quarter of them go to test).
const SETTINGS: Readonly<Record<string, Setting>> = {
  'story/orchard': {
    opening: (_r, n, c) => `${n} keeps ${c} apples in the orchard shed after the first harvest of the season.`,
    arrive: (r, n, a) => `Later ${n} picks ${a} more apples from the ${r.pick(['north', 'south', 'hill'])} rows and stores them in the shed.`,
    leave: (r, n, a) => `Then ${n} sells ${a} apples at the ${r.pick(['Saturday', 'Tuesday', 'evening'])} market in town.`,
    question: (n) => `How many apples does ${n} have in the shed now?`,
  },
  'story/library': {
    opening: (_r, n, c) => `The branch library run by ${n} owns ${c} paperback novels on its open shelves.`,
    arrive: (r, n, a) => `A ${r.pick(['school', 'neighbour', 'bookshop'])} donates ${a} paperbacks, and ${n} shelves every one of them.`,
    leave: (_r, n, a) => `Readers borrow ${a} of the paperbacks and ${n} records each loan at the front desk.`,
    question: (n) => `How many paperbacks are on the shelves ${n} runs now?`,
  },
  'story/bakery': {
    opening: (_r, n, c) => `Before dawn ${n} bakes ${c} bread rolls for the small corner bakery.`,
    arrive: (r, n, a) => `A second oven finishes ${a} rolls, which ${n} lays out ${r.pick(['beside the till', 'in the window', 'on the back rack'])}.`,
    leave: (_r, n, a) => `By noon customers have bought ${a} rolls from the counter ${n} looks after.`,
    question: (n) => `How many rolls does ${n} still have for sale?`,
  },
  'story/warehouse': {
    opening: (_r, n, c) => `Warehouse clerk ${n} counts ${c} boxed printers on the loading floor this morning.`,
    arrive: (r, n, a) => `A truck from the ${r.pick(['port', 'factory', 'rail depot'])} unloads ${a} more printers for ${n} to book in.`,
    leave: (_r, n, a) => `${n} ships ${a} printers out to retail stores before the afternoon shift.`,
    question: (n) => `How many boxed printers does ${n} count on the floor now?`,
  },
  'story/aquarium': {
    opening: (_r, n, c) => `The big reef tank that ${n} looks after holds ${c} small striped fish.`,
    arrive: (r, n, a) => `${n} releases ${a} young fish raised in the ${r.pick(['nursery tank', 'breeding room', 'quarantine pool'])} into the reef tank.`,
    leave: (_r, n, a) => `A partner aquarium takes ${a} of the striped fish, and ${n} nets them out carefully.`,
    question: (n) => `How many striped fish swim in the tank ${n} looks after now?`,
  },
  'story/garage': {
    opening: (_r, n, c) => `The tyre store behind the garage of ${n} has ${c} winter tyres stacked in racks.`,
    arrive: (r, n, a) => `A ${r.pick(['supplier van', 'freight lorry', 'courier'])} delivers ${a} winter tyres that ${n} adds to the racks.`,
    leave: (_r, n, a) => `Mechanics fit ${a} winter tyres to customer cars, taking them from the racks of ${n}.`,
    question: (n) => `How many winter tyres are left in the racks of ${n}?`,
  },
  'story/seedbank': {
    opening: (_r, n, c) => `The seed bank catalogued by ${n} stores ${c} sealed packets of rare beans.`,
    arrive: (r, n, a) => `Collectors from the ${r.pick(['valley', 'coast', 'highlands'])} send ${a} new packets, which ${n} catalogues.`,
    leave: (_r, n, a) => `${n} mails ${a} packets to partner farms for the spring planting.`,
    question: (n) => `How many sealed packets remain in the seed bank of ${n}?`,
  },
  'story/stadium': {
    opening: (_r, n, c) => `Steward ${n} sees ${c} fans already in the east stand before kick-off.`,
    arrive: (r, n, a) => `Another ${a} fans arrive through gate ${r.int(2, 9)} and ${n} guides them to the east stand.`,
    leave: (_r, n, a) => `At half time ${a} fans leave the east stand, and ${n} counts them out.`,
    question: (n) => `How many fans does ${n} see in the east stand now?`,
  },
};

export const FAMILIES = Object.keys(SETTINGS);

export interface Story {
  readonly text: string;
  readonly answer: number;
}

/**
 * A story from one of `families` with `events` changes: the count starts in the hundreds and never drops below
 * 100, so the answer is a three- or four-digit number that no blind guess is likely to hit.
 */
export function writeStory(rng: Rng, families: readonly string[], events: number): Story {
  const setting = SETTINGS[rng.pick(families)]!;
  const name = rng.pick(NAMES);
  let count = rng.int(120, 900);
  const sentences = [setting.opening(rng, name, count)];
  for (let i = 0; i < events; i++) {
    const leaving = count - 100 > 20 && rng.chance(0.5);
    const amount = leaving ? rng.int(11, Math.min(count - 100, 400)) : rng.int(11, 400);
    sentences.push(leaving ? setting.leave(rng, name, amount) : setting.arrive(rng, name, amount));
    count += leaving ? -amount : amount;
  }
  sentences.push(setting.question(name));
  return { text: sentences.join(' '), answer: count };
}
