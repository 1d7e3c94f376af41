// The data of a simulated web application: its pages as plain specs, the goal's requirements and the app state.

/** What a button or a result does when its own click handler runs. */
export type Effect =
  | { readonly do: 'submit'; readonly form: string; readonly keys: readonly string[]; readonly next: string; readonly final?: boolean; readonly cart?: boolean }
  | { readonly do: 'goto'; readonly to: string }
  | { readonly do: 'add-to-cart'; readonly item: string }
  /** Picks one item (a flight, a service) as the order and opens the next page. */
  | { readonly do: 'choose'; readonly item: string; readonly next: string }
  | { readonly do: 'remove-from-cart'; readonly item: string }
  | { readonly do: 'destroy'; readonly what: string }
  /** Books the selected item with the form's values (a desk takes many bookings); the form then clears. */
  | { readonly do: 'book'; readonly keys: readonly string[]; readonly next: string }
  | { readonly do: 'dismiss' }
  | { readonly do: 'nothing'; readonly message: string };

/** One input of a form. Values are strings; a checkbox holds "true" or "false", a date "YYYY-MM-DD". */
export interface FieldBlock {
  readonly t: 'field';
  readonly bid: string;
  readonly key: string;
  readonly label: string;
  readonly input: 'text' | 'select' | 'checkbox' | 'date';
  readonly options?: readonly string[];
  readonly required?: boolean;
  /** A value is valid when it matches this (whole-string) pattern; the page says `invalidMessage` otherwise. */
  readonly pattern?: string;
  readonly invalidMessage?: string;
  readonly initial?: string;
}

export interface ButtonBlock {
  readonly t: 'button';
  readonly bid: string;
  readonly label: string;
  readonly effect: Effect;
  readonly disabled?: boolean;
  /** Needs a double click (an "open" list item, as on desktop-like pages). */
  readonly dblclick?: boolean;
}

export interface LinkBlock {
  readonly t: 'link';
  readonly bid: string;
  readonly label: string;
  readonly to: string;
}

export interface TextBlock {
  readonly t: 'text';
  readonly text: string;
  readonly heading?: boolean;
}

/** A list of records with a per-row button, optionally searchable, sortable and paged. */
export interface ListBlock {
  readonly t: 'list';
  readonly bid: string;
  readonly key: string;
  readonly label: string;
  readonly columns: readonly string[];
  readonly rows: readonly ListRow[];
  readonly pageSize: number;
  /** A search box that filters rows whose first cell contains the query (case-insensitive) on Enter or its button. */
  readonly searchable?: boolean;
  /** Column headers that sort the rows when clicked (clicking again reverses). */
  readonly sortable?: boolean;
  /** Rows are hidden until a search has been run (a search page, not a table). */
  readonly hiddenUntilSearch?: boolean;
}

export interface ListRow {
  readonly id: string;
  readonly cells: readonly string[];
  readonly action?: { readonly label: string; readonly effect: Effect };
}

export interface TabsBlock {
  readonly t: 'tabs';
  readonly bid: string;
  readonly key: string;
  readonly tabs: readonly { readonly label: string; readonly blocks: readonly Block[] }[];
}

/** The items in the cart (from the app state), each with a remove button. */
export interface CartBlock {
  readonly t: 'cart';
  readonly bid: string;
  readonly names: Readonly<Record<string, string>>;
}

export type Block = FieldBlock | ButtonBlock | LinkBlock | TextBlock | ListBlock | TabsBlock | CartBlock;

export interface PageSpec {
  readonly title: string;
  readonly blocks: readonly Block[];
  /** Pages of a flow open only through the site's own buttons; goto() refuses them so no step can be skipped. */
  readonly direct: boolean;
}

/** A pop-up that covers the page until one of its buttons dismisses it. */
export interface PopupSpec {
  readonly title: string;
  readonly text: string;
  readonly page: string;
  readonly buttons: readonly ButtonBlock[];
}

/** One thing the grader checks; weights are equal. */
export type Requirement =
  | { readonly kind: 'field'; readonly form: string; readonly key: string; readonly expected: string; readonly label: string }
  | { readonly kind: 'ordered'; readonly item: string; readonly label: string }
  | { readonly kind: 'answer'; readonly expected: string; readonly label: string }
  | { readonly kind: 'completed'; readonly form: string; readonly label: string }
  /** A booking for `traveller` (the first one made for them) holds `item`, or has field `key` = `expected`. */
  | { readonly kind: 'booked-item'; readonly traveller: string; readonly item: string; readonly label: string; readonly weight?: number }
  | { readonly kind: 'booked-field'; readonly traveller: string; readonly key: string; readonly expected: string; readonly label: string; readonly weight?: number }
  /**
   * The first booking for `traveller` is the cheapest qualifying option `item`: credit falls steeply with the booked
   * option's total over the best one's (`totals` holds every qualifying option's total in cents; others earn nothing),
   * and field `key` = `expected` (the Employee no.) keeps the last fifth of it.
   */
  | { readonly kind: 'booked-best'; readonly traveller: string; readonly item: string; readonly totals: Readonly<Record<string, number>>; readonly key: string; readonly expected: string; readonly label: string };

/** The known-good route, in meaning rather than element ids; the reference solver turns it into actions. */
export type SolutionStep =
  | { readonly do: 'set'; readonly key: string; readonly value: string }
  | { readonly do: 'click'; readonly bid: string; readonly double?: boolean }
  | { readonly do: 'search'; readonly list: string; readonly query: string }
  | { readonly do: 'row'; readonly list: string; readonly row: string }
  | { readonly do: 'tab'; readonly tabs: string; readonly index: number }
  | { readonly do: 'answer'; readonly text: string };

export interface WebScenario {
  readonly family: string;
  readonly level: string;
  readonly host: string;
  readonly goal: string;
  readonly start: string;
  /** The simulated date the date pickers open on, "YYYY-MM-DD". */
  readonly today: string;
  readonly pages: Readonly<Record<string, PageSpec>>;
  readonly popup: PopupSpec | null;
  /** Interactive elements one screen shows; the rest of a page is below the fold until scrolled. */
  readonly viewport: number;
  readonly requirements: readonly Requirement[];
  /** Fields the goal does not mention: submitting them changed is submitting wrong data (penalised). */
  readonly untouched: readonly { readonly form: string; readonly key: string; readonly initial: string; readonly label: string }[];
  /** Items whose ordering is a wrong submission (penalised). */
  readonly unwantedItems: readonly string[];
  readonly solution: readonly SolutionStep[];
  /** The question tasks end on an answer; the others on their final submit. */
  readonly answers: boolean;
  /** A desk's booking form: the field holding the traveller's name (bookings are matched to errands by it). */
  readonly travellerKey?: string;
  /** A shopping desk's plan: options, vendors' charges, requests (tests check the pages against it; never observed). */
  readonly shop?: import('./shop-desk.js').ShopFacts;
}

export interface ListView {
  readonly query: string;
  readonly searched: boolean;
  readonly sortColumn: number;
  readonly sortDescending: boolean;
  readonly page: number;
}

export interface WebState {
  readonly url: string;
  readonly history: readonly string[];
  /** Current (uncommitted) value of every field key. */
  readonly values: Readonly<Record<string, string>>;
  /** Validation messages shown under fields after a failed submit. */
  readonly invalid: Readonly<Record<string, string>>;
  readonly popupOpen: boolean;
  /** First interactive element shown, per page (scrolling moves it by a viewport). */
  readonly scroll: number;
  /** The date picker that is open (its field key) and the month it shows, "YYYY-MM". */
  readonly picker: { readonly key: string; readonly month: string } | null;
  readonly tabs: Readonly<Record<string, number>>;
  readonly lists: Readonly<Record<string, ListView>>;
  readonly focused: string | null;
  readonly cart: readonly string[];
  /** Forms submitted, once each: their values at submit time. */
  readonly committed: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly ordered: readonly string[];
  /** Bookings a desk took, in order: the item and the form's values at the time. */
  readonly bookings: readonly { readonly item: string; readonly values: Readonly<Record<string, string>> }[];
  readonly destroyed: readonly string[];
  readonly answer: string | null;
  readonly finished: boolean;
  /** A status line the page showed after the last action (a toast). */
  readonly notice: string | null;
}
