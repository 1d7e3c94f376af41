// Builds a scenario: picks an application family of the split, generates its pages and goal, adds a pop-up, freezes it.
import type { Rng, ScenarioContext } from 'openenv-ts';
import { Bids, button } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import { addDays } from './calendar.js';
import type { WebConfig } from './config.js';
import { kindOf, WEB_FAMILIES } from './families.js';
import { buildShop } from './shop-desk.js';
import { buildForm, buildSettings } from './form-apps.js';
import { buildSearch, buildTable } from './lookup-apps.js';
import { WORDS_A } from './vocabulary.js';
import type { PopupSpec, WebScenario } from './types.js';

const BUILDERS = { form: buildForm, settings: buildSettings, search: buildSearch, table: buildTable, flow: buildShop };

function popupFor(draft: AppDraft, rng: Rng, host: string): PopupSpec {
  const bids = draft.bids;
  const kind = rng.int(0, 2);
  if (kind === 0) {
    return { title: 'Cookies', text: `${host} uses cookies.`, page: draft.start, buttons: rng.shuffle([button(bids, 'Accept', { do: 'dismiss' }), button(bids, 'Reject', { do: 'dismiss' }), button(bids, 'Manage', { do: 'nothing', message: 'Cookie settings are not available.' })]) };
  }
  if (kind === 1) {
    return { title: 'Stay in touch', text: `Get ${rng.int(5, 30)}% off your next visit?`, page: draft.start, buttons: rng.shuffle([button(bids, 'No thanks', { do: 'dismiss' }), button(bids, 'Sign me up', { do: 'nothing', message: 'Sign-up is closed today.' })]) };
  }
  return { title: 'Quick survey', text: `Rate us from 1 to ${rng.pick([5, 10])}?`, page: draft.start, buttons: rng.shuffle([button(bids, 'Later', { do: 'dismiss' }), button(bids, 'Start survey', { do: 'nothing', message: 'The survey is closed.' })]) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The families this scenario may come from: the split's, of the kinds the level allows. */
export function eligibleFamilies(config: WebConfig, context: Pick<ScenarioContext, 'families'>): string[] {
  const pool = context.families.length > 0 ? context.families : WEB_FAMILIES;
  const eligible = pool.filter((family) => config.app_kinds.includes(kindOf(family)));
  if (eligible.length === 0) throw new Error(`no application family of kinds ${config.app_kinds.join(', ')} is in this split`);
  return eligible;
}

/**
 * The family of a scenario. Multi-page desks rotate through the split's desks by index (the generator's seed), so
 * consecutive indices are different applications; the other kinds draw one at random.
 */
function familyFor(rng: Rng, config: WebConfig, context: Pick<ScenarioContext, 'families' | 'level'>): string {
  const eligible = eligibleFamilies(config, context);
  if (eligible.every((family) => kindOf(family) === 'flow')) return eligible[rng.seed % eligible.length]!;
  return rng.pick(eligible);
}

export function generateScenario(rng: Rng, config: WebConfig, context: Pick<ScenarioContext, 'families' | 'level'>): WebScenario {
  const family = familyFor(rng, config, context);
  const draft: AppDraft = {
    bids: new Bids(rng.fork('bids')),
    today: addDays('2025-01-01', rng.int(0, 700)),
    site: '',
    goal: '',
    start: '/',
    pages: {},
    popup: null,
    requirements: [],
    solution: [],
    unwantedItems: [],
    untouched: [],
    answers: false,
  };
  BUILDERS[kindOf(family)](family, rng.fork('app'), config, draft);
  const host = `${draft.site}.${rng.pick(WORDS_A).toLowerCase()}.test`;
  if (draft.popup === null && rng.chance(config.popup_rate)) draft.popup = popupFor(draft, rng.fork('popup'), host);
  return deepFreeze({
    family,
    level: context.level,
    host,
    goal: draft.goal,
    start: draft.start,
    today: draft.today,
    pages: draft.pages,
    popup: draft.popup,
    viewport: config.viewport,
    requirements: draft.requirements,
    unwantedItems: draft.unwantedItems,
    untouched: draft.untouched,
    solution: draft.solution,
    answers: draft.answers,
    ...(draft.travellerKey ? { travellerKey: draft.travellerKey } : {}),
    ...(draft.shop ? { shop: draft.shop } : {}),
  });
}
