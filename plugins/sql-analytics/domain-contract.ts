// What a business domain provides: a seeded data generator, its tables, and question templates with gold SQL.
import type { Rng } from 'openenv-ts';
import type { Question, TableData } from './types.js';

/** A question template: turns seeded choices (a quarter, a region, a date) into one exact question. */
export interface QuestionTemplate<Data> {
  readonly id: string;
  /** One line for the README and the config description. */
  readonly summary: string;
  /** What makes it hard (joins, windows, traps); documentation only. */
  readonly skills: string;
  build(rng: Rng, data: Data): Omit<Question, 'templateId'>;
}

export interface Domain<Data> {
  readonly id: string;
  readonly title: string;
  /** Generates the domain's rows; `scale` multiplies the row counts. */
  generate(rng: Rng, scale: number): Data;
  /** The generated rows as SQL tables. */
  tables(data: Data): TableData[];
  readonly templates: readonly QuestionTemplate<Data>[];
}

/** Type-erased domain, for the registry of all domains. */
export type AnyDomain = Domain<any>;
