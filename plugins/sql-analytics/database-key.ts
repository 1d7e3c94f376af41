// Which database a scenario needs: a key that is equal exactly when two scenarios' tables are equal.
//
// The database depends only on `scenario.tables`. Scenarios made by generate() are keyed by their address (the
// seed stream, split, families and config that fully determine them, generation being pure), which costs
// nothing; any other tables (a test's hand-made scenario) by a digest of their content, computed once.
import { createHash } from 'node:crypto';
import type { TableData } from './types.js';

const keys = new WeakMap<readonly TableData[], string>();

/** Records the key of tables generate() made from this address (see scenarioAddressKey). */
export function rememberDatabaseKey(tables: readonly TableData[], addressKey: string): void {
  keys.set(tables, `address:${addressKey}`);
}

/** The key of a scenario's tables: remembered, or a content digest (a few ms for thousands of rows, once per tables object). */
export function databaseKeyOf(tables: readonly TableData[]): string {
  let key = keys.get(tables);
  if (key === undefined) {
    key = `content:${createHash('sha256').update(JSON.stringify(tables)).digest('hex')}`;
    keys.set(tables, key);
  }
  return key;
}

/** The key of a remembered tables object, without computing a digest for one that is not. */
export function knownDatabaseKey(tables: readonly TableData[]): string | undefined {
  return keys.get(tables);
}
