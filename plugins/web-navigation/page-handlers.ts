// The page's own event handlers: what a submit, a link, a cart button or a dismiss does to the app state.
import type { Effect, FieldBlock, WebScenario, WebState } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends ReadonlyArray<infer E> ? E[] : T[K] extends object | null ? Mutable<T[K]> : T[K] };

/** The app state while one action's handlers run; copied from the frozen state first. */
export type Draft = Mutable<WebState>;

export function draftOf(state: WebState): Draft {
  return structuredClone(state) as Draft;
}

/** Every field block of the site by key (fields live inside tabs as well as on pages). */
export function fieldsOf(scenario: WebScenario): Map<string, FieldBlock> {
  const fields = new Map<string, FieldBlock>();
  const visit = (blocks: WebScenario['pages'][string]['blocks']) => {
    for (const block of blocks) {
      if (block.t === 'field') fields.set(block.key, block);
      else if (block.t === 'tabs') for (const tab of block.tabs) visit(tab.blocks);
    }
  };
  for (const page of Object.values(scenario.pages)) visit(page.blocks);
  return fields;
}

export function navigate(draft: Draft, to: string): void {
  draft.history.push(draft.url);
  draft.url = to;
  draft.scroll = 0;
  draft.picker = null;
  draft.invalid = {};
}

/** Why a value fails its field's checks, or null when it passes. */
export function invalidReason(field: FieldBlock, value: string): string | null {
  const empty = value === '' || (field.input === 'checkbox' && value !== 'true');
  if (field.required && empty) return `${field.label} is required.`;
  if (!empty && field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(value)) return field.invalidMessage ?? `${field.label} is not valid.`;
  return null;
}

/** Marks the form's fields that fail their checks and says so; true when there were any (the form is not sent). */
function refusedAsInvalid(fields: Map<string, FieldBlock>, draft: Draft, keys: readonly string[]): boolean {
  const invalid: Record<string, string> = {};
  for (const key of keys) {
    const field = fields.get(key);
    const reason = field ? invalidReason(field, draft.values[key] ?? '') : null;
    if (reason) invalid[key] = reason;
  }
  const count = Object.keys(invalid).length;
  if (count === 0) return false;
  draft.invalid = invalid;
  draft.notice = `Please correct ${count} field(s) before continuing.`;
  return true;
}

function submit(scenario: WebScenario, draft: Draft, effect: Extract<Effect, { do: 'submit' }>): void {
  if (draft.committed[effect.form]) {
    draft.notice = 'This form was already submitted.';
    return;
  }
  if (effect.cart && draft.cart.length === 0) {
    draft.notice = 'Your cart is empty.';
    return;
  }
  if (refusedAsInvalid(fieldsOf(scenario), draft, effect.keys)) return;
  draft.committed[effect.form] = Object.fromEntries(effect.keys.map((k) => [k, draft.values[k] ?? '']));
  if (effect.cart) draft.ordered = [...draft.cart];
  navigate(draft, effect.next);
  draft.notice = effect.final ? 'Done: your request was submitted.' : null;
  if (effect.final) draft.finished = true;
}

/**
 * A desk's booking: the selected item with the form's values. Each booking is final (the site has no edit), the form
 * clears for the next one, and the page shows the booking reference only, never whether it matched the errand.
 */
function book(scenario: WebScenario, draft: Draft, effect: Extract<Effect, { do: 'book' }>): void {
  const item = draft.cart[0];
  if (item === undefined) {
    draft.notice = 'Nothing is selected: open an item and press its Book button first.';
    return;
  }
  const fields = fieldsOf(scenario);
  if (refusedAsInvalid(fields, draft, effect.keys)) return;
  draft.bookings.push({ item, values: Object.fromEntries(effect.keys.map((k) => [k, draft.values[k] ?? ''])) });
  for (const key of effect.keys) draft.values[key] = fields.get(key)?.initial ?? (fields.get(key)?.input === 'checkbox' ? 'false' : '');
  draft.cart = [];
  navigate(draft, effect.next);
  draft.notice = `Booking B-${String(1000 + draft.bookings.length * 37)} confirmed.`;
  // The request asked for one booking per colleague: when that many are made, the desk closes the request.
  const asked = scenario.requirements.filter((r) => r.kind === 'booked-item' || r.kind === 'booked-best').length;
  if (draft.bookings.length >= asked) {
    draft.finished = true;
    draft.notice += ` That makes ${asked} bookings: the request is closed.`;
  }
}

/** Runs a button's effect on the draft. */
export function runEffect(scenario: WebScenario, draft: Draft, effect: Effect): void {
  switch (effect.do) {
    case 'submit':
      return submit(scenario, draft, effect);
    case 'goto':
      navigate(draft, effect.to);
      return;
    case 'book':
      return book(scenario, draft, effect);
    case 'add-to-cart':
      if (!draft.cart.includes(effect.item)) draft.cart.push(effect.item);
      draft.notice = `Added to cart (${draft.cart.length} item${draft.cart.length === 1 ? '' : 's'}).`;
      return;
    case 'choose':
      draft.cart = [effect.item];
      navigate(draft, effect.next);
      return;
    case 'remove-from-cart':
      draft.cart = draft.cart.filter((item) => item !== effect.item);
      draft.notice = 'Removed from cart.';
      return;
    case 'destroy':
      if (!draft.destroyed.includes(effect.what)) draft.destroyed.push(effect.what);
      draft.notice = `${effect.what} was deleted.`;
      return;
    case 'dismiss':
      draft.popupOpen = false;
      return;
    case 'nothing':
      draft.notice = effect.message;
      return;
  }
}
