// Plays the shopping desk from what the pages show (goal, list rows, probed checkouts): the reference and naive plans.
import { applyWebAction, initialWebState } from './browser-actions.js';
import { DESK_THEMES, type DeskTheme } from './desk-themes.js';
import { observeWeb, pageReadingOf } from './observation.js';
import { centsOf, type ChargeLine, type ShopOption } from './shop-pricing.js';
import type { ShopRequest } from './shop-requests.js';
import { headlinePlay, skilledPlay, topThreePlay } from './shop-strategy.js';
import { wordsOf } from './shop-desk.js';
import type { WebAction } from './schemas.js';
import type { WebScenario, WebState } from './types.js';

export type ShopPlan = 'skilled' | 'headline' | 'top-three';

/** Acts on the real transition and reads only the observation, as an agent over HTTP would. */
class ShopSession {
  readonly actions: WebAction[] = [];
  private state: WebState;
  constructor(private readonly scenario: WebScenario) {
    this.state = initialWebState(scenario);
  }

  get lines(): string[] {
    return pageReadingOf(this.scenario, this.state).lines;
  }

  get goal(): string {
    return observeWeb(this.scenario, this.state).data.goal;
  }

  get done(): boolean {
    return this.state.finished;
  }

  act(action: string): void {
    const wire: WebAction = { type: 'action', action };
    const result = applyWebAction(this.scenario, this.state, wire);
    if (result.error) throw new Error(`shop play failed at ${action} on ${this.state.url}: ${result.error}`);
    this.actions.push(wire);
    this.state = result.state;
  }

  /** The bid of the (enabled) element with this role and name on the current page, or null. */
  find(role: string, name: string | RegExp): string | null {
    const element = pageReadingOf(this.scenario, this.state).elements.find((e) => e.role === role && (typeof name === 'string' ? e.name === name : name.test(e.name)) && !e.states.includes('disabled'));
    return element?.bid ?? null;
  }

  click(role: string, name: string | RegExp): void {
    const bid = this.find(role, name);
    if (bid === null) throw new Error(`shop play: no ${role} "${name}" on ${this.state.url}`);
    this.act(`click('${bid}')`);
  }

  fill(name: string, text: string): void {
    const bid = this.find('textbox', name);
    if (bid === null) throw new Error(`shop play: no textbox "${name}" on ${this.state.url}`);
    this.act(`fill('${bid}', ${JSON.stringify(text)})`);
  }
}

const cellsOf = (line: string) => /^\s*row "(.*)"$/.exec(line)?.[1]!.split(' | ') ?? null;

/** "11:30am", "1pm" as minutes after midnight. */
function minutesOf(spoken: string): number {
  const [, h, m, half] = /^(\d+)(?::(\d\d))?(am|pm)$/.exec(spoken)!;
  return (Number(h) % 12) * 60 + Number(m ?? 0) + (half === 'pm' ? 720 : 0);
}

/** "Tue 7 July" as the list writes it, "Tue 7 Jul". */
const listDate = (spoken: string) => spoken.replace(/^(\w{3}) (\d+) (\w{3})\w*$/, '$1 $2 $3');

/** The requests as the goal words them. */
export function parseRequests(goal: string, theme: DeskTheme): ShopRequest[] {
  const pattern = new RegExp(`\\((\\d)\\) for (.+?) \\((\\w+)\\): the cheapest( ${theme.tagAsk})? ${theme.noun} on (.+?)(?: that ${theme.startVerb} (?:after (\\S+)(?: and before (\\S+))?|before (\\S+)))?(?=; \\(\\d\\)|\\. "Cheapest")`, 'g');
  return [...goal.matchAll(pattern)].map((m) => ({
    name: m[2]!,
    dept: m[3]!,
    tag: m[4] !== undefined,
    dates: m[5]!.split(/, | or /).map(listDate),
    after: m[6] ? minutesOf(m[6]) : null,
    before: m[7] ? minutesOf(m[7]) : m[8] ? minutesOf(m[8]) : null,
  }));
}

/** Reads every page of the list (ending on the last one): options keyed by name, and the page each is on. */
function readCatalogue(session: ShopSession, theme: DeskTheme): { options: ShopOption[]; pageOf: Map<string, number>; pages: number } {
  const options: ShopOption[] = [];
  const pageOf = new Map<string, number>();
  for (let page = 0; ; page++) {
    for (const cells of session.lines.map(cellsOf)) {
      if (!cells || cells.length !== 6) continue;
      const [name, vendor, date, start, tag, price] = cells as [string, string, string, string, string, string];
      options.push({ id: name, name, vendor, date, weekday: date.slice(0, 3), start: Number(start.slice(0, 2)) * 60 + Number(start.slice(3)), tag: tag === theme.tagYes, price: Number(price.slice(1)) });
      pageOf.set(name, page);
    }
    if (session.find('button', 'Next page') === null) return { options, pageOf, pages: page + 1 };
    session.click('button', 'Next page');
  }
}

/** Moves the list to the page an option is on. */
function pageTo(session: ShopSession, current: { page: number }, target: number): void {
  while (current.page !== target) {
    session.click('button', current.page < target ? 'Next page' : 'Previous page');
    current.page += current.page < target ? 1 : -1;
  }
}

/** The itemised charges on an option's own page (list price and total left out). */
function chargesOn(lines: readonly string[]): ChargeLine[] {
  const charges: ChargeLine[] = [];
  for (const line of lines) {
    const m = /^\s*StaticText "(.+): (-?\$\d+\.\d\d)"$/.exec(line);
    if (m && m[1] !== 'List price' && m[1] !== 'Total at checkout') charges.push({ label: m[1]!, cents: centsOf(m[2]!) });
  }
  return charges;
}

/**
 * Plays a plan from observations only: keep the drafts, read People and every list page, probe options as the plan
 * decides (open, read, go back), then book each request's choice with the colleague's name and Employee no.
 */
export function playShop(scenario: WebScenario, plan: ShopPlan): WebAction[] {
  const theme = DESK_THEMES[scenario.family]!;
  const words = wordsOf(theme);
  const session = new ShopSession(scenario);
  if (session.find('button', 'Keep for later') !== null) session.click('button', 'Keep for later');
  const requests = parseRequests(session.goal, theme);
  session.act("goto('/people')");
  const people = session.lines.map(cellsOf).filter((c): c is string[] => c !== null && c.length === 3);
  session.act("goto('/catalogue')");
  const { options, pageOf, pages } = readCatalogue(session, theme);
  const current = { page: pages - 1 };
  const probe = (name: string): ChargeLine[] => {
    pageTo(session, current, pageOf.get(name)!);
    session.click('button', `View: ${name}`);
    const charges = chargesOn(session.lines);
    session.act('go_back()');
    return charges;
  };
  const page = (name: string) => pageOf.get(name)!;
  const choices =
    plan === 'skilled' ? skilledPlay(options, requests, words, probe, page, current.page).choices : plan === 'headline' ? headlinePlay(options, requests) : topThreePlay(options, requests, probe).choices;
  choices.forEach((name, i) => {
    const request = requests[i]!;
    const emp = people.find((p) => p[0] === request.name && p[1] === request.dept)?.[2] ?? '';
    pageTo(session, current, pageOf.get(name)!);
    session.click('button', `View: ${name}`);
    session.click('button', 'Book');
    session.fill('Colleague', request.name);
    session.fill('Employee no.', emp);
    session.click('button', 'Confirm booking');
    if (!session.done) session.click('link', `All ${theme.plural}`);
  });
  return session.actions;
}
