// Generators of lookup apps: a search page with paged results, and a sortable paged table; answer or act on a row.
import type { Rng } from 'openenv-ts';
import { button } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import type { WebConfig } from './config.js';
import { CITIES, distinct, FIRST_NAMES, LAST_NAMES, personName, titleOf, WORDS_B } from './vocabulary.js';
import type { ListRow } from './types.js';

interface LookupTheme {
  readonly site: string;
  readonly title: string;
  /** What one record is called ("book"). */
  readonly noun: string;
  readonly columns: readonly string[];
  /** The cells after the name, one row. */
  row(rng: Rng): string[];
  /** The column (index >= 1) a question may ask about and a numeric one to rank by. */
  readonly askable: readonly number[];
  readonly numeric: number;
  /** For search apps: the label of the row button that saves a record, and the list page it fills. */
  readonly save?: { readonly label: string; readonly list: string; readonly confirm: string };
}

const money = (rng: Rng, low: number, high: number) => `$${rng.int(low, high)}.${rng.pick(['00', '49', '95', '99'])}`;

export const SEARCH_THEMES: Readonly<Record<string, LookupTheme>> = {
  'search/library-catalog': {
    site: 'library', title: 'Catalogue search', noun: 'book', columns: ['Title', 'Author', 'Year', 'Shelf'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [personName(rng), String(rng.int(1950, 2024)), `${rng.pick(['A', 'B', 'C', 'D'])}${rng.int(10, 99)}`],
    save: { label: 'Reserve', list: 'Reservations', confirm: 'Confirm reservations' },
  },
  'search/recipe-finder': {
    site: 'recipes', title: 'Find a recipe', noun: 'recipe', columns: ['Recipe', 'Cuisine', 'Minutes', 'Calories'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [rng.pick(['Thai', 'Greek', 'Mexican', 'Nordic', 'Indian', 'Italian']), String(rng.int(10, 120)), String(rng.int(150, 950))],
    save: { label: 'Save', list: 'Saved recipes', confirm: 'Export shopping list' },
  },
  'search/job-board': {
    site: 'jobs', title: 'Search jobs', noun: 'job', columns: ['Job', 'Company', 'City', 'Salary'], askable: [1, 2, 3], numeric: 3,
    row: (rng) => [`${rng.pick(WORDS_B)} ${rng.pick(['Ltd', 'Labs', 'Group', 'Works'])}`, rng.pick(CITIES), String(rng.int(30, 140) * 1000)],
    save: { label: 'Shortlist', list: 'Shortlist', confirm: 'Send applications' },
  },
  'search/music-store': {
    site: 'records', title: 'Search albums', noun: 'album', columns: ['Album', 'Artist', 'Year', 'Price'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [`${rng.pick(FIRST_NAMES)} ${rng.pick(['Trio', 'Band', 'Quartet', 'Ensemble'])}`, String(rng.int(1965, 2024)), money(rng, 8, 40)],
    save: { label: 'Add to cart', list: 'Cart', confirm: 'Place order' },
  },
  'search/movie-db': {
    site: 'films', title: 'Film search', noun: 'film', columns: ['Film', 'Director', 'Year', 'Rating'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`, String(rng.int(1960, 2024)), `${rng.int(1, 9)}.${rng.int(0, 9)}`],
    save: { label: 'Add to watchlist', list: 'Watchlist', confirm: 'Save watchlist' },
  },
};

export const TABLE_THEMES: Readonly<Record<string, LookupTheme>> = {
  'table/employee-directory': {
    site: 'staff', title: 'Staff directory', noun: 'employee', columns: ['Name', 'Department', 'Office', 'Extension'], askable: [1, 2, 3], numeric: 3,
    row: (rng) => [rng.pick(['Finance', 'Legal', 'Sales', 'Support', 'Research']), rng.pick(CITIES), String(rng.int(1000, 9999))],
  },
  'table/inventory': {
    site: 'stock', title: 'Inventory', noun: 'product', columns: ['Product', 'Warehouse', 'Stock', 'Unit price'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [rng.pick(CITIES), String(rng.int(0, 900)), money(rng, 2, 300)],
  },
  'table/invoices': {
    site: 'billing', title: 'Invoices', noun: 'invoice', columns: ['Invoice', 'Customer', 'Amount', 'Status'], askable: [1, 2, 3], numeric: 2,
    row: (rng) => [personName(rng), String(rng.int(100, 9900)), rng.pick(['Paid', 'Open', 'Overdue', 'Disputed'])],
  },
  'table/flight-status': {
    site: 'airport', title: 'Departures', noun: 'flight', columns: ['Flight', 'Destination', 'Gate', 'Delay (min)'], askable: [1, 2, 3], numeric: 3,
    row: (rng) => [rng.pick(CITIES), `${rng.pick(['A', 'B', 'C'])}${rng.int(1, 40)}`, String(rng.int(0, 240))],
  },
};

/** Names of the records: distinct, and for search apps sharing words so a loose query matches several. */
function namesOf(family: string, rng: Rng, count: number): string[] {
  if (family === 'table/invoices') return distinct(count, () => `INV-${rng.int(1000, 9999)}`);
  if (family === 'table/flight-status') return distinct(count, () => `${rng.pick(['SK', 'LH', 'TP', 'FR', 'KL'])}${rng.int(100, 999)}`);
  if (family === 'table/inventory') return distinct(count, () => `${rng.pick(['Desk', 'Lamp', 'Chair', 'Shelf', 'Cable', 'Mug'])} ${rng.pick(WORDS_B)} ${rng.int(2, 9)}`);
  if (family === 'table/employee-directory') return distinct(count, () => personName(rng));
  return distinct(count, () => titleOf(rng));
}

function rowsOf(theme: LookupTheme, family: string, rng: Rng, count: number): ListRow[] {
  const names = namesOf(family, rng, count);
  // Ranking questions need one clear top and bottom, so the numeric column is made distinct.
  const numbers = distinct(count, () => theme.row(rng)[theme.numeric - 1]!);
  return names.map((name, index) => {
    const rest = theme.row(rng);
    rest[theme.numeric - 1] = numbers[index]!;
    return { id: String(index + 1), cells: [name, ...rest] };
  });
}

const numberOf = (cell: string) => Number(cell.replace(/[$,]/g, ''));

/** A search page. The goal asks either for a fact of a named record (answered by message) or to save records and confirm. */
export function buildSearch(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = SEARCH_THEMES[family]!;
  const bids = draft.bids;
  const save = theme.save!;
  const listBid = bids.next();
  const act = rng.chance(0.5);
  let rows = rowsOf(theme, family, rng, config.rows);
  const target = rng.pick(rows);
  const query = target.cells[0]!;
  draft.site = theme.site;
  draft.start = '/search';
  if (act) {
    const second = rng.chance(0.5) ? rng.pick(rows.filter((r) => r !== target)) : null;
    const wanted = second ? [target, second] : [target];
    rows = rows.map((r) => ({ ...r, action: { label: save.label, effect: { do: 'add-to-cart' as const, item: r.id } } }));
    for (const row of wanted) {
      draft.solution.push({ do: 'search', list: 'results', query: row.cells[0]! }, { do: 'row', list: 'results', row: row.id });
      draft.requirements.push({ kind: 'ordered', item: row.id, label: `${theme.noun} "${row.cells[0]}" saved` });
    }
    const names = wanted.map((r) => `"${r.cells[0]}"`).join(' and ');
    const by = wanted.map((r) => `${r.cells[1]}`).join(' and ');
    draft.goal = `${save.label} the ${theme.noun}${wanted.length > 1 ? 's' : ''} ${names} (${theme.columns[1]!.toLowerCase()}: ${by}), then open ${save.list} and press "${save.confirm}".`;
    const listLink = { t: 'link' as const, bid: bids.next(), label: save.list, to: '/list' };
    const confirm = button(bids, save.confirm, { do: 'submit', form: 'list', keys: [], next: '/done', final: true, cart: true });
    draft.solution.push({ do: 'click', bid: listLink.bid }, { do: 'click', bid: confirm.bid });
    draft.pages['/list'] = { title: save.list, direct: true, blocks: [{ t: 'text', text: `Your ${save.list.toLowerCase()}.` }, confirm, button(bids, 'Clear all', { do: 'destroy', what: `Your ${save.list.toLowerCase()}` })] };
    draft.pages['/search'] = { title: theme.title, direct: true, blocks: [listLink, { t: 'list', bid: listBid, key: 'results', label: 'Results', columns: theme.columns, rows, pageSize: config.page_size, searchable: true, hiddenUntilSearch: true }] };
    draft.pages['/done'] = { title: 'Done', direct: false, blocks: [{ t: 'text', text: 'Confirmed.' }] };
    draft.requirements.push({ kind: 'completed', form: 'list', label: `${save.list} confirmed` });
    return;
  }
  const column = rng.pick(theme.askable);
  const expected = target.cells[column]!;
  draft.answers = true;
  draft.solution.push({ do: 'search', list: 'results', query }, { do: 'answer', text: expected });
  draft.requirements.push({ kind: 'answer', expected, label: `answer ${expected}` });
  draft.goal = `Look up the ${theme.noun} "${query}" and send the user its ${theme.columns[column]!.toLowerCase()} with send_msg_to_user.`;
  draft.pages['/search'] = { title: theme.title, direct: true, blocks: [{ t: 'list', bid: listBid, key: 'results', label: 'Results', columns: theme.columns, rows, pageSize: config.page_size, searchable: true, hiddenUntilSearch: true }] };
}

/** A sortable, paged table; the goal asks for the record at the top or bottom of a ranking, or a fact on a later page. */
export function buildTable(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  const theme = TABLE_THEMES[family]!;
  const rows = rowsOf(theme, family, rng, config.rows);
  draft.site = theme.site;
  draft.start = '/table';
  draft.answers = true;
  const ranked = [...rows].sort((a, b) => numberOf(a.cells[theme.numeric]!) - numberOf(b.cells[theme.numeric]!));
  const column = theme.columns[theme.numeric]!.toLowerCase();
  let expected: string;
  if (rng.chance(0.5)) {
    const highest = rng.chance(0.5);
    const row = highest ? ranked[ranked.length - 1]! : ranked[0]!;
    expected = row.cells[0]!;
    draft.goal = `Which ${theme.noun} has the ${highest ? 'highest' : 'lowest'} ${column}? Send its ${theme.columns[0]!.toLowerCase()} to the user.`;
  } else {
    // A record beyond the first page, so paging (or sorting) is needed to find it.
    const later = rows.slice(Math.min(config.page_size, rows.length - 1));
    const row = rng.pick(later);
    const asked = rng.pick(theme.askable);
    expected = row.cells[asked]!;
    draft.goal = `What is the ${theme.columns[asked]!.toLowerCase()} of ${theme.noun} "${row.cells[0]}"? Send it to the user.`;
  }
  draft.solution.push({ do: 'answer', text: expected });
  draft.requirements.push({ kind: 'answer', expected, label: `answer ${expected}` });
  draft.pages['/table'] = { title: theme.title, direct: true, blocks: [{ t: 'list', bid: draft.bids.next(), key: 'table', label: theme.title, columns: theme.columns, rows, pageSize: config.page_size, sortable: true }] };
}
