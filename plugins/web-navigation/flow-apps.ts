// Generators of multi-page flows: book a trip, check out a cart, file an expense, book an appointment, change account settings.
import type { Rng } from 'openenv-ts';
import { Bids, button, clauseFor, decoys, FIELD_LIBRARY as F, fieldBlock, joinClauses, type FieldTemplate } from './app-kit.js';
import type { AppDraft } from './app-draft.js';
import { longDate } from './calendar.js';
import type { WebConfig } from './config.js';
import { CITIES, distinct, titleOf, WORDS_A, WORDS_B } from './vocabulary.js';
import type { Block, FieldBlock, ListRow } from './types.js';

/** A form step of a flow: fields the goal fills (all of them required), its submit, and look-alike buttons. */
function formStep(
  draft: AppDraft,
  rng: Rng,
  config: WebConfig,
  form: string,
  templates: Readonly<Record<string, FieldTemplate>>,
  submitLabel: string,
  next: string,
  options: { final?: boolean; cart?: boolean; optional?: Readonly<Record<string, FieldTemplate>> } = {},
): { blocks: Block[]; clauses: string[] } {
  const bids = draft.bids;
  const clauses: string[] = [];
  const fields: FieldBlock[] = [];
  for (const [key, template] of Object.entries(templates)) {
    const value = template.make(rng, template.format !== undefined && rng.chance(config.format_trap_rate), draft.today);
    fields.push(fieldBlock(bids, `${form}.${key}`, template, { required: true }));
    draft.solution.push({ do: 'set', key: `${form}.${key}`, value: value.value });
    draft.requirements.push({ kind: 'field', form, key: `${form}.${key}`, expected: value.value, label: `${template.label} = ${value.value}` });
    clauses.push(clauseFor(template, value, rng));
  }
  for (const [key, template] of Object.entries(options.optional ?? {})) {
    const initial = template.input === 'checkbox' ? 'false' : '';
    fields.push(fieldBlock(bids, `${form}.${key}`, template, { initial }));
    draft.untouched.push({ form, key: `${form}.${key}`, initial, label: template.label });
  }
  const submit = button(bids, submitLabel, { do: 'submit', form, keys: fields.map((f) => f.key), next, ...(options.final ? { final: true } : {}), ...(options.cart ? { cart: true } : {}) });
  draft.solution.push({ do: 'click', bid: submit.bid });
  return { blocks: [...fields, ...rng.shuffle([submit, ...decoys(bids, rng, 2, submitLabel)])], clauses };
}

function destroyer(bids: Bids, label: string, what: string): Block {
  return button(bids, label, { do: 'destroy', what });
}

function bookTrip(rng: Rng, config: WebConfig, draft: AppDraft): string {
  const bids = draft.bids;
  const [from, to] = rng.sample(CITIES.slice(0, 12), 2);
  const search = formStep(draft, rng, config, 'trip', {
    from: { ...F.city('From'), make: () => ({ value: from!, said: from! }) },
    to: { ...F.city('To'), make: () => ({ value: to!, said: to! }) },
    depart: F.date('Departure', 5, 70),
    passengers: F.choice('Passengers', ['1', '2', '3', '4']),
  }, 'Search flights', '/flights');
  const prices = distinct(config.rows, () => rng.int(49, 620));
  const flights: ListRow[] = prices.map((price, i) => ({
    id: `f${i + 1}`,
    cells: [`${rng.pick(['SK', 'LH', 'TP', 'KL'])}${rng.int(100, 999)}`, `${String(rng.int(6, 21)).padStart(2, '0')}:${rng.pick(['05', '20', '35', '50'])}`, rng.chance(0.4) ? 'nonstop' : `${rng.int(1, 2)} stop(s)`, `$${price}`],
  }));
  // At least one nonstop flight, so "the cheapest nonstop" always exists.
  const forced = rng.int(0, flights.length - 1);
  const cells = flights[forced]!.cells;
  flights[forced] = { id: flights[forced]!.id, cells: [cells[0]!, cells[1]!, 'nonstop', cells[3]!] };
  const nonstop = flights.filter((f) => f.cells[2] === 'nonstop');
  const wanted = nonstop.reduce((a, b) => (Number(b.cells[3]!.slice(1)) < Number(a.cells[3]!.slice(1)) ? b : a));
  const rows = flights.map((f) => ({ ...f, action: { label: 'Select', effect: { do: 'choose' as const, item: f.id, next: '/traveller' } } }));
  draft.solution.push({ do: 'row', list: 'flights', row: wanted.id });
  draft.requirements.push({ kind: 'ordered', item: wanted.id, label: `cheapest nonstop flight ${wanted.cells[0]}` });
  const traveller = formStep(draft, rng, config, 'traveller', { name: F.fullName('Traveller name'), email: F.email(), phone: F.phone('Mobile') }, 'Continue', '/review');
  const confirm = button(bids, 'Confirm booking', { do: 'submit', form: 'booking', keys: [], next: '/done', final: true, cart: true });
  draft.solution.push({ do: 'click', bid: confirm.bid });
  draft.requirements.push({ kind: 'completed', form: 'booking', label: 'booking confirmed' });
  draft.pages['/search'] = { title: 'Find flights', direct: true, blocks: search.blocks };
  draft.pages['/flights'] = { title: 'Flights', direct: false, blocks: [{ t: 'text', text: `${from} to ${to}` }, { t: 'list', bid: bids.next(), key: 'flights', label: 'Flights', columns: ['Flight', 'Departs', 'Stops', 'Price'], rows, pageSize: config.page_size, sortable: true }] };
  draft.pages['/traveller'] = { title: 'Traveller details', direct: false, blocks: traveller.blocks };
  draft.pages['/review'] = { title: 'Review booking', direct: false, blocks: rng.shuffle([confirm, destroyer(bids, 'Cancel booking', 'Your booking'), button(bids, 'Hold for 24 hours', { do: 'nothing', message: 'Holding is not available for this fare.' }, { disabled: true })]) };
  draft.start = '/search';
  draft.site = 'trips';
  donePage(draft, 'Your trip is booked.');
  return `Book a trip: ${joinClauses(search.clauses)}; select the cheapest nonstop flight; for the traveller ${joinClauses(traveller.clauses)}; then confirm the booking.`;
}

function checkout(rng: Rng, config: WebConfig, draft: AppDraft): string {
  const bids = draft.bids;
  const names = distinct(config.rows, () => `${rng.pick(WORDS_A)} ${rng.pick(['Mug', 'Lamp', 'Scarf', 'Kettle', 'Notebook', 'Backpack', 'Candle'])}`);
  const products: ListRow[] = names.map((name, i) => ({ id: `p${i + 1}`, cells: [name, `$${rng.int(5, 90)}.${rng.pick(['00', '50', '99'])}`], action: { label: 'Add to cart', effect: { do: 'add-to-cart', item: `p${i + 1}` } } }));
  const wanted = rng.sample(products, rng.int(1, 2));
  for (const row of wanted) {
    draft.solution.push({ do: 'search', list: 'shop', query: row.cells[0]! }, { do: 'row', list: 'shop', row: row.id });
    draft.requirements.push({ kind: 'ordered', item: row.id, label: `"${row.cells[0]}" ordered` });
  }
  draft.unwantedItems = products.filter((p) => !wanted.includes(p)).map((p) => p.id);
  const cartLink = { t: 'link' as const, bid: bids.next(), label: 'Cart', to: '/cart' };
  const toShipping = button(bids, 'Checkout', { do: 'goto', to: '/shipping' });
  draft.solution.push({ do: 'click', bid: cartLink.bid }, { do: 'click', bid: toShipping.bid });
  const shipping = formStep(draft, rng, config, 'shipping', { name: F.fullName('Recipient'), street: F.street(), postcode: F.postcode(), delivery: F.choice('Delivery', ['Standard', 'Express', 'Pick-up point']) }, 'Continue to payment', '/payment');
  const payment = formStep(draft, rng, config, 'payment', { card: F.card() }, 'Place order', '/done', { final: true, cart: true, optional: { save: F.toggle('Save card for next time') } });
  draft.requirements.push({ kind: 'completed', form: 'payment', label: 'order placed' });
  draft.pages['/shop'] = { title: 'Shop', direct: true, blocks: [cartLink, { t: 'list', bid: bids.next(), key: 'shop', label: 'Products', columns: ['Product', 'Price'], rows: products, pageSize: config.page_size, searchable: true }] };
  draft.pages['/cart'] = { title: 'Your cart', direct: true, blocks: [{ t: 'cart', bid: bids.next(), names: Object.fromEntries(products.map((p) => [p.id, p.cells[0]!])) }, ...rng.shuffle([toShipping, destroyer(bids, 'Empty cart', 'Your cart'), button(bids, 'Save cart for later', { do: 'nothing', message: 'Cart saved.' })]), { t: 'link', bid: bids.next(), label: 'Continue shopping', to: '/shop' }] };
  draft.pages['/shipping'] = { title: 'Shipping', direct: false, blocks: shipping.blocks };
  draft.pages['/payment'] = { title: 'Payment', direct: false, blocks: payment.blocks };
  draft.start = '/shop';
  draft.site = 'shop';
  donePage(draft, 'Order placed.');
  return `Buy ${joinClauses(wanted.map((w) => `"${w.cells[0]}"`))} and nothing else; ship to ${joinClauses(shipping.clauses)}; pay with ${joinClauses(payment.clauses)} and place the order.`;
}

function fileExpense(rng: Rng, config: WebConfig, draft: AppDraft): string {
  const bids = draft.bids;
  const past: ListRow[] = Array.from({ length: config.rows }, (_, i) => ({ id: `e${i + 1}`, cells: [`${rng.pick(WORDS_B)} ${rng.pick(['Cafe', 'Hotel', 'Taxi', 'Books'])}`, `$${rng.int(5, 300)}.00`, rng.pick(['Approved', 'Pending', 'Rejected'])] }));
  const create = button(bids, 'New expense', { do: 'goto', to: '/expenses/new' });
  draft.solution.push({ do: 'click', bid: create.bid });
  const expense = formStep(draft, rng, config, 'expense', {
    category: F.choice('Category', ['Travel', 'Meals', 'Lodging', 'Supplies', 'Training']),
    amount: F.amount('Amount', 4, 480),
    spent: F.date('Date spent', -30, -1),
    merchant: { label: 'Merchant', input: 'text', make: (r) => { const m = `${r.pick(WORDS_A)} ${r.pick(['Cafe', 'Hotel', 'Taxi', 'Books', 'Rail'])}`; return { value: m, said: m }; } },
    receipt: F.toggle('Receipt attached'),
  }, 'Continue', '/expenses/review');
  const submit = button(bids, 'Submit for approval', { do: 'submit', form: 'approval', keys: [], next: '/expenses/done', final: true });
  draft.solution.push({ do: 'click', bid: submit.bid });
  draft.requirements.push({ kind: 'completed', form: 'approval', label: 'expense submitted for approval' });
  draft.pages['/expenses'] = { title: 'My expenses', direct: true, blocks: [...rng.shuffle([create, destroyer(bids, 'Delete selected', 'Selected expenses'), button(bids, 'Export', { do: 'nothing', message: 'Export started.' })]), { t: 'list', bid: bids.next(), key: 'past', label: 'Past expenses', columns: ['Merchant', 'Amount', 'Status'], rows: past, pageSize: config.page_size }] };
  draft.pages['/expenses/new'] = { title: 'New expense', direct: false, blocks: expense.blocks };
  draft.pages['/expenses/review'] = { title: 'Review expense', direct: false, blocks: rng.shuffle([submit, destroyer(bids, 'Delete draft', 'Your expense draft'), button(bids, 'Submit later', { do: 'nothing', message: 'Saved as draft.' })]) };
  draft.pages['/expenses/done'] = { title: 'Submitted', direct: false, blocks: [{ t: 'text', text: 'Sent for approval.' }] };
  draft.start = '/expenses';
  draft.site = 'expenses';
  return `File an expense: ${joinClauses(expense.clauses)}; then submit it for approval.`;
}

function bookAppointment(rng: Rng, config: WebConfig, draft: AppDraft): string {
  const bids = draft.bids;
  const services = distinct(config.rows, () => `${rng.pick(['Haircut', 'Massage', 'Eye test', 'Dental check', 'Physio', 'Bike repair'])} ${rng.pick(['basic', 'plus', 'express', 'deluxe'])}`);
  const rows: ListRow[] = services.map((name, i) => ({ id: `s${i + 1}`, cells: [name, `${rng.pick([20, 30, 45, 60, 90])} min`, `$${rng.int(15, 150)}`], action: { label: 'Book', effect: { do: 'choose', item: `s${i + 1}`, next: '/slot' } } }));
  const wanted = rng.pick(rows);
  draft.solution.push({ do: 'row', list: 'services', row: wanted.id });
  draft.requirements.push({ kind: 'ordered', item: wanted.id, label: `service "${wanted.cells[0]}"` });
  const slot = formStep(draft, rng, config, 'slot', { day: F.date('Day', 2, 50), time: F.choice('Time', ['09:00', '10:30', '12:00', '14:30', '16:00', '17:30']) }, 'Next', '/details');
  const details = formStep(draft, rng, config, 'details', { name: F.fullName('Your name'), phone: F.phone() }, 'Book now', '/done', { final: true, cart: true, optional: { notes: { label: 'Notes', input: 'text', make: () => ({ value: '', said: '' }) } } });
  draft.requirements.push({ kind: 'completed', form: 'details', label: 'appointment booked' });
  draft.pages['/services'] = { title: 'Services', direct: true, blocks: [{ t: 'list', bid: bids.next(), key: 'services', label: 'Services', columns: ['Service', 'Duration', 'Price'], rows, pageSize: config.page_size, sortable: true }] };
  draft.pages['/slot'] = { title: 'Pick a time', direct: false, blocks: slot.blocks };
  draft.pages['/details'] = { title: 'Your details', direct: false, blocks: details.blocks };
  draft.start = '/services';
  draft.site = 'booking';
  donePage(draft, 'Appointment booked.');
  return `Book "${wanted.cells[0]}" (${wanted.cells[2]}): ${joinClauses(slot.clauses)}; ${joinClauses(details.clauses)}; then book it.`;
}

function accountChange(rng: Rng, config: WebConfig, draft: AppDraft): string {
  const bids = draft.bids;
  const accountLink = { t: 'link' as const, bid: bids.next(), label: 'Account', to: '/account' };
  draft.solution.push({ do: 'click', bid: accountLink.bid });
  const email = F.email('Email');
  const display = { ...F.text('Display name', ['Falcon', 'Otter', 'Maple']), make: (r: Rng) => { const v = `${r.pick(WORDS_B)}${r.int(10, 99)}`; return { value: v, said: v }; } };
  const twoFactor = F.toggle('Two-factor sign-in');
  const phone = F.phone('Recovery phone');
  const values = { email: email.make(rng, false, draft.today), phone: phone.make(rng, rng.chance(config.format_trap_rate), draft.today), display: display.make(rng) };
  const current = { email: email.make(rng, false, draft.today).value, display: display.make(rng).value };
  const profile: Block[] = [fieldBlock(bids, 'account.display', display, { initial: current.display }), fieldBlock(bids, 'account.email', email, { initial: current.email, required: true })];
  const security: Block[] = [fieldBlock(bids, 'account.twofactor', twoFactor, { initial: 'false' }), fieldBlock(bids, 'account.phone', phone)];
  const danger: Block[] = [{ t: 'text', text: 'This cannot be undone.' }, destroyer(bids, 'Delete account', 'Your account')];
  const tabsBid = bids.next();
  const changeDisplay = rng.chance(0.5);
  draft.solution.push({ do: 'tab', tabs: 'account-tabs', index: 0 }, { do: 'set', key: 'account.email', value: values.email.value });
  if (changeDisplay) draft.solution.push({ do: 'set', key: 'account.display', value: values.display.value });
  draft.solution.push({ do: 'tab', tabs: 'account-tabs', index: 1 }, { do: 'set', key: 'account.twofactor', value: 'true' }, { do: 'set', key: 'account.phone', value: values.phone.value });
  const save = button(bids, 'Save account', { do: 'submit', form: 'account', keys: ['account.display', 'account.email', 'account.twofactor', 'account.phone'], next: '/account/saved', final: true });
  draft.solution.push({ do: 'click', bid: save.bid });
  draft.requirements.push(
    { kind: 'field', form: 'account', key: 'account.email', expected: values.email.value, label: `email = ${values.email.value}` },
    { kind: 'field', form: 'account', key: 'account.twofactor', expected: 'true', label: 'two-factor on' },
    { kind: 'field', form: 'account', key: 'account.phone', expected: values.phone.value, label: `recovery phone = ${values.phone.value}` },
  );
  if (!changeDisplay) draft.untouched.push({ form: 'account', key: 'account.display', initial: current.display, label: 'Display name' });
  if (changeDisplay) draft.requirements.push({ kind: 'field', form: 'account', key: 'account.display', expected: values.display.value, label: `display name = ${values.display.value}` });
  draft.pages['/home'] = { title: 'Home', direct: true, blocks: [{ t: 'text', text: `Welcome back, ${current.display}.` }, { t: 'link', bid: bids.next(), label: 'Orders', to: '/orders' }, accountLink, { t: 'link', bid: bids.next(), label: 'Help', to: '/help' }] };
  draft.pages['/orders'] = { title: 'Orders', direct: true, blocks: [{ t: 'text', text: 'No recent orders.' }, { t: 'link', bid: bids.next(), label: 'Home', to: '/home' }] };
  draft.pages['/help'] = { title: 'Help', direct: true, blocks: [{ t: 'text', text: 'Account settings live under Account.' }, { t: 'link', bid: bids.next(), label: 'Home', to: '/home' }] };
  draft.pages['/account'] = { title: 'Account', direct: true, blocks: [{ t: 'tabs', bid: tabsBid, key: 'account-tabs', tabs: [{ label: 'Profile', blocks: profile }, { label: 'Security', blocks: security }, { label: 'Danger zone', blocks: danger }] }, ...rng.shuffle([save, ...decoys(bids, rng, 2, 'Save account')])] };
  draft.pages['/account/saved'] = { title: 'Saved', direct: false, blocks: [{ t: 'text', text: 'Account updated.' }] };
  draft.start = '/home';
  draft.site = 'account';
  const said = values.phone.said;
  return `Change your account email to "${values.email.value}"${changeDisplay ? ` and your display name to "${values.display.value}"` : ''}, turn on two-factor sign-in with recovery phone "${said}", and save the account.`;
}

/** The page a finished flow lands on. */
function donePage(draft: AppDraft, text: string): void {
  draft.pages['/done'] = { title: 'Confirmation', direct: false, blocks: [{ t: 'text', text }] };
}

export const FLOW_BUILDERS: Readonly<Record<string, (rng: Rng, config: WebConfig, draft: AppDraft) => string>> = {
  'flow/book-trip': bookTrip,
  'flow/checkout-cart': checkout,
  'flow/file-expense': fileExpense,
  'flow/book-appointment': bookAppointment,
  'flow/account-change': accountChange,
};

export function buildFlow(family: string, rng: Rng, config: WebConfig, draft: AppDraft): void {
  draft.goal = FLOW_BUILDERS[family]!(rng, config, draft);
}

export { longDate, titleOf };
