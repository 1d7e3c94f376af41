// The mutable scenario a generator fills in before it is frozen into a WebScenario.
import type { Bids } from './app-kit.js';
import type { ShopFacts } from './shop-desk.js';
import type { PageSpec, PopupSpec, Requirement, SolutionStep, WebScenario } from './types.js';

export interface AppDraft {
  readonly bids: Bids;
  readonly today: string;
  site: string;
  goal: string;
  start: string;
  pages: Record<string, PageSpec>;
  popup: PopupSpec | null;
  requirements: Requirement[];
  solution: SolutionStep[];
  unwantedItems: string[];
  untouched: WebScenario['untouched'][number][];
  answers: boolean;
  travellerKey?: string;
  shop?: ShopFacts;
}
