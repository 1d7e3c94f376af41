// Difficulty levels of sql-analytics, easiest first: presets of the config knobs, from one area to a Spider 2.0-class warehouse.
import type { TaskLevel } from 'openenv-ts';
import type { SqlConfig } from './scenario-generator.js';

export const LEVELS: readonly TaskLevel<SqlConfig>[] = [
  {
    name: 'basic',
    description: 'One business area in plain names, no data traps, and a question that defines its measure; three sample rows per table.',
    config: {},
  },
  {
    name: 'documented',
    description: 'Two areas; status codes, soft deletes, several currencies and meaningful NULLs that only the data dictionary and glossary explain; business-term questions.',
    config: { areas: 2, traps: 'documented', register: 'business', sample_rows: 2 },
  },
  {
    name: 'enterprise',
    description: 'Four areas with abbreviated names and stale copies, every trap (duplicate customers across source systems, time zones, a fiscal calendar, type-2 history), stakeholder questions and no sample rows.',
    config: { areas: 4, traps: 'all', naming: 'abbreviated', register: 'stakeholder', noise_tables: 3, sample_rows: 0, page_rows: 15 },
  },
  {
    name: 'spider2',
    description:
      'All six areas (about 34-40 tables) with cryptic system-prefixed names and stale copies; every documented trap plus unsignposted ones (reloaded documents, internal accounts and test campaigns, irregular and inversely quoted exchange rates); four stakeholder questions answered together in one submit, each graded on the visible warehouse and on 3 hidden instances of it (same schema and documentation, other rows) and credited only as far as it is right on all of them; 10 exploratory queries in all and a result window of 10 rows and 1,500 characters.',
    config: { areas: 6, traps: 'hidden', naming: 'cryptic', register: 'stakeholder', noise_tables: 6, sample_rows: 0, page_rows: 10, questions: 4, query_budget: 10, page_chars: 1500, hidden_instances: 3 },
  },
];
