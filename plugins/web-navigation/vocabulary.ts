// Word pools the app generators draw from: people, places, products and the like (values, never instructions).
import type { Rng } from 'openenv-ts';

export const FIRST_NAMES = ['Ana', 'Bruno', 'Chen', 'Dara', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kemi', 'Luca', 'Mira', 'Nils', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoltan'];
export const LAST_NAMES = ['Almeida', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quist', 'Rossi', 'Sato', 'Toivonen', 'Ulloa', 'Varga', 'Weber', 'Yilmaz', 'Zhou'];
export const CITIES = ['Oslo', 'Lisbon', 'Krakow', 'Porto', 'Vienna', 'Bergen', 'Seville', 'Ghent', 'Tallinn', 'Lyon', 'Turin', 'Malmo', 'Riga', 'Bilbao', 'Graz', 'Leipzig', 'Nantes', 'Split', 'Cork', 'Aarhus'];
export const STREETS = ['Elm Street', 'Harbour Road', 'Mill Lane', 'Station Square', 'Park Avenue', 'Chapel Row', 'Quay Street', 'Birch Close', 'Market Way', 'Orchard Drive'];
export const WORDS_A = ['Silent', 'Golden', 'Hidden', 'Northern', 'Crimson', 'Paper', 'Winter', 'Electric', 'Quiet', 'Wild', 'Distant', 'Copper', 'Velvet', 'Broken', 'Lucky', 'Hollow', 'Bright', 'Salt', 'Amber', 'Iron'];
export const WORDS_B = ['Harbor', 'Garden', 'River', 'Signal', 'Orchard', 'Lantern', 'Meadow', 'Compass', 'Island', 'Engine', 'Forest', 'Mirror', 'Valley', 'Bridge', 'Falcon', 'Tide', 'Canyon', 'Atlas', 'Ember', 'Summit'];

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

export function emailOf(name: string, rng: Rng): string {
  const [first, last] = name.toLowerCase().split(' ');
  const domain = rng.pick(['mail.test', 'post.test', 'inbox.test', 'example.org']);
  return rng.next() < 0.5 ? `${first}.${last}@${domain}` : `${first![0]}${last}${rng.int(2, 99)}@${domain}`;
}

/** A phone number as people write it, and the digits a strict form wants. */
export function phoneOf(rng: Rng): { written: string; digits: string } {
  const digits = `${rng.int(200, 989)}${rng.int(200, 989)}${rng.int(1000, 9999)}`;
  return { written: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, digits };
}

/** An amount as written in a receipt ("$42.50") and as a strict field wants it ("42.50"). */
export function amountOf(rng: Rng, low: number, high: number): { written: string; plain: string } {
  const plain = `${rng.int(low, high)}.${String(rng.int(0, 19) * 5).padStart(2, '0')}`;
  return { written: `$${plain}`, plain };
}

export function postcodeOf(rng: Rng): string {
  return String(rng.int(10000, 99999));
}

/** A title of two or three words, e.g. "Copper Lantern" or "The Hidden Valley". */
export function titleOf(rng: Rng): string {
  const core = `${rng.pick(WORDS_A)} ${rng.pick(WORDS_B)}`;
  const r = rng.next();
  return r < 0.25 ? `The ${core}` : r < 0.45 ? `${core} ${rng.pick(['Club', 'Notes', 'Story', 'Days', 'Road'])}` : core;
}

/** `count` distinct values from a generator (it must be able to make that many). */
export function distinct<T>(count: number, make: () => T, key: (t: T) => string = String): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const value = make();
    if (seen.has(key(value))) continue;
    seen.add(key(value));
    out.push(value);
  }
  if (out.length < count) throw new Error(`could only make ${out.length} of ${count} distinct values`);
  return out;
}
