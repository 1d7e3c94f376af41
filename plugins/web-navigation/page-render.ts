// Renders the current page of a simulated app into a DOM (happy-dom) and wires the page's own event handlers.
import { Window } from 'happy-dom';
import { daysIn, monthOf, monthTitle, shiftMonth } from './calendar.js';
import { draftOf, navigate, runEffect, type Draft } from './page-handlers.js';
import type { Block, FieldBlock, ListBlock, ListRow, ListView, WebScenario, WebState } from './types.js';

type Doc = Window['document'];
type Node = ReturnType<Doc['createElement']>;

/**
 * One DOM for the whole process. Every call renders the page afresh from the app state (which is plain data), so
 * a session holds no window: 256 sessions cost 256 small state objects, not 256 DOMs. Rendering and dispatching are
 * synchronous, so calls never interleave on it.
 */
let sharedWindow: Window | null = null;

/**
 * The interactive elements of the page last rendered, by bid. Actions find their element here rather than with
 * document.querySelector: happy-dom caches query results per selector string, and a selector per bid (bids differ
 * in every scenario) kept every page ever clicked alive, about 0.45 MB per click.
 */
const renderedBids = new Map<string, Node>();

/** The element with this bid on the page last rendered, or null. */
export function renderedElement(bid: string): Node | null {
  return renderedBids.get(bid) ?? null;
}

function documentOf(): Doc {
  sharedWindow ??= new Window({ url: 'https://app.test/', settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  return sharedWindow.document;
}

export const DEFAULT_LIST_VIEW: ListView = Object.freeze({ query: '', searched: false, sortColumn: -1, sortDescending: false, page: 0 });

/** The rows a list shows on its current page, after search and sort, plus how many pages there are. */
export function visibleRows(list: ListBlock, view: ListView, pageSize: number = list.pageSize): { rows: ListRow[]; pages: number; matched: number } {
  let rows = [...list.rows];
  if (list.hiddenUntilSearch && !view.searched) return { rows: [], pages: 0, matched: 0 };
  if (view.searched && view.query.trim() !== '') {
    const q = view.query.trim().toLowerCase();
    rows = rows.filter((r) => r.cells[0]!.toLowerCase().includes(q));
  }
  if (view.sortColumn >= 0) {
    const c = view.sortColumn;
    const numeric = rows.every((r) => !Number.isNaN(Number(r.cells[c]!.replace(/[$,]/g, ''))));
    rows.sort((a, b) => {
      const x = a.cells[c]!;
      const y = b.cells[c]!;
      const order = numeric ? Number(x.replace(/[$,]/g, '')) - Number(y.replace(/[$,]/g, '')) : x.localeCompare(y);
      return (view.sortDescending ? -order : order) || a.id.localeCompare(b.id);
    });
  }
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(view.page, pages - 1);
  return { rows: rows.slice(page * pageSize, (page + 1) * pageSize), pages, matched: rows.length };
}

class PageBuilder {
  constructor(
    private readonly doc: Doc,
    private readonly scenario: WebScenario,
    private readonly draft: Draft,
  ) {}

  el(tag: string, attrs: Record<string, string> = {}, text?: string): Node {
    const node = this.doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (attrs['data-bid'] !== undefined) renderedBids.set(attrs['data-bid'], node);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A button as an ARIA widget (see the note on controls above renderPage). */
  button(bid: string, label: string, onClick: () => void, attrs: Record<string, string> = {}): Node {
    const node = this.el('div', { 'data-bid': bid, role: 'button', tabindex: '0', ...attrs }, label);
    node.addEventListener('click', () => {
      if (node.getAttribute('aria-disabled') !== 'true') onClick();
    });
    return node;
  }

  field(field: FieldBlock): Node {
    const wrap = this.el('div', { class: 'field' });
    const value = this.draft.values[field.key] ?? '';
    const common: Record<string, string> = { 'data-bid': field.bid, 'aria-label': field.label, tabindex: '0' };
    if (field.required) common['aria-required'] = 'true';
    if (this.draft.invalid[field.key]) common['aria-invalid'] = 'true';
    if (field.input === 'select') {
      const select = this.el('div', { ...common, role: 'combobox', 'data-value': value });
      for (const option of field.options ?? []) select.appendChild(this.el('div', { role: 'option', 'aria-selected': String(option === value) }, option));
      select.addEventListener('change', () => (this.draft.values[field.key] = select.getAttribute('data-value') ?? ''));
      wrap.appendChild(select);
    } else if (field.input === 'checkbox') {
      const box = this.el('div', { ...common, role: 'checkbox', 'aria-checked': String(value === 'true') });
      box.addEventListener('click', () => (this.draft.values[field.key] = String(box.getAttribute('aria-checked') !== 'true')));
      wrap.appendChild(box);
    } else {
      const input = this.el('div', { ...common, role: 'textbox', 'data-value': value });
      if (field.input === 'date') input.setAttribute('aria-readonly', 'true');
      input.addEventListener('input', () => (this.draft.values[field.key] = input.getAttribute('data-value') ?? ''));
      wrap.appendChild(input);
      if (field.input === 'date') wrap.appendChild(this.datePicker(field, value));
    }
    const problem = this.draft.invalid[field.key];
    if (problem) wrap.appendChild(this.el('p', { role: 'alert' }, problem));
    return wrap;
  }

  datePicker(field: FieldBlock, value: string): Node {
    const box = this.el('div');
    const open = this.draft.picker?.key === field.key;
    box.appendChild(
      this.button(`${field.bid}-pick`, `Choose ${field.label.toLowerCase()}`, () => {
        this.draft.picker = open ? null : { key: field.key, month: monthOf(value || this.scenario.today) };
      }),
    );
    if (!open) return box;
    const month = this.draft.picker!.month;
    const calendar = this.el('div', { role: 'dialog', 'aria-label': `${field.label} calendar` });
    calendar.appendChild(this.el('h3', {}, monthTitle(month)));
    calendar.appendChild(this.button(`${field.bid}-prev`, 'Previous month', () => (this.draft.picker = { key: field.key, month: shiftMonth(month, -1) })));
    calendar.appendChild(this.button(`${field.bid}-next`, 'Next month', () => (this.draft.picker = { key: field.key, month: shiftMonth(month, 1) })));
    for (let day = 1; day <= daysIn(month); day++) {
      const date = `${month}-${String(day).padStart(2, '0')}`;
      const attrs: Record<string, string> = { role: 'gridcell' };
      if (date === value) attrs['aria-selected'] = 'true';
      calendar.appendChild(
        this.button(`${field.bid}-${day}`, String(day), () => {
          this.draft.values[field.key] = date;
          this.draft.picker = null;
        }, attrs),
      );
    }
    box.appendChild(calendar);
    return box;
  }

  list(list: ListBlock): Node {
    const view = this.draft.lists[list.key] ?? { ...DEFAULT_LIST_VIEW };
    const setView = (next: Partial<ListView>) => (this.draft.lists[list.key] = { ...view, ...next });
    const wrap = this.el('section', { 'aria-label': list.label });
    if (list.searchable) {
      const input = this.el('div', { 'data-bid': `${list.bid}-q`, role: 'searchbox', tabindex: '0', 'aria-label': `Search ${list.label.toLowerCase()}`, 'data-value': view.query });
      const typed = () => input.getAttribute('data-value') ?? '';
      input.addEventListener('input', () => setView({ query: typed(), searched: view.searched }));
      input.addEventListener('keydown', (event) => {
        if ((event as unknown as { key: string }).key === 'Enter') setView({ query: typed(), searched: true, page: 0 });
      });
      wrap.appendChild(input);
      wrap.appendChild(this.button(`${list.bid}-go`, 'Search', () => setView({ searched: true, page: 0 })));
    }
    const { rows, pages, matched } = visibleRows(list, view);
    if (list.hiddenUntilSearch && !view.searched) return wrap;
    const table = this.el('table', { 'aria-label': list.label });
    const header = this.el('tr');
    list.columns.forEach((column, index) => {
      if (!list.sortable) return header.appendChild(this.el('th', {}, column));
      const arrow = view.sortColumn === index ? (view.sortDescending ? ' ▼' : ' ▲') : '';
      header.appendChild(
        this.button(`${list.bid}-h${index}`, `${column}${arrow}`, () => setView({ sortColumn: index, sortDescending: view.sortColumn === index ? !view.sortDescending : false, page: 0 }), { role: 'columnheader' }),
      );
    });
    table.appendChild(header);
    for (const row of rows) {
      const tr = this.el('tr', { 'data-row': row.cells.join(' | ') });
      if (row.action) {
        const action = row.action;
        tr.appendChild(this.button(`${list.bid}-${row.id}`, action.label, () => runEffect(this.scenario, this.draft, action.effect), { 'aria-label': `${action.label}: ${row.cells[0]}` }));
      }
      table.appendChild(tr);
    }
    wrap.appendChild(table);
    wrap.appendChild(this.el('p', {}, matched === 0 ? 'No results.' : `Page ${Math.min(view.page, pages - 1) + 1} of ${pages} (${matched} results)`));
    if (pages > 1) {
      const page = Math.min(view.page, pages - 1);
      const prev = this.button(`${list.bid}-prev`, 'Previous page', () => setView({ page: page - 1 }));
      const next = this.button(`${list.bid}-next`, 'Next page', () => setView({ page: page + 1 }));
      if (page === 0) prev.setAttribute('aria-disabled', 'true');
      if (page >= pages - 1) next.setAttribute('aria-disabled', 'true');
      wrap.appendChild(prev);
      wrap.appendChild(next);
    }
    return wrap;
  }

  block(block: Block): Node {
    switch (block.t) {
      case 'text':
        return this.el(block.heading ? 'h2' : 'p', {}, block.text);
      case 'field':
        return this.field(block);
      case 'button': {
        const effect = block.effect;
        const node = this.el('div', { 'data-bid': block.bid, role: 'button', tabindex: '0' }, block.label);
        if (block.disabled) node.setAttribute('aria-disabled', 'true');
        node.addEventListener(block.dblclick ? 'dblclick' : 'click', () => {
          if (node.getAttribute('aria-disabled') !== 'true') runEffect(this.scenario, this.draft, effect);
        });
        return node;
      }
      case 'link': {
        const node = this.el('div', { 'data-bid': block.bid, role: 'link', 'data-href': block.to, tabindex: '0' }, block.label);
        node.addEventListener('click', () => navigate(this.draft, block.to));
        return node;
      }
      case 'list':
        return this.list(block);
      case 'cart': {
        const table = this.el('table', { 'aria-label': 'Cart' });
        for (const item of this.draft.cart) {
          const tr = this.el('tr', { 'data-row': block.names[item] ?? item });
          tr.appendChild(this.button(`${block.bid}-${item}`, 'Remove', () => runEffect(this.scenario, this.draft, { do: 'remove-from-cart', item }), { 'aria-label': `Remove ${block.names[item] ?? item}` }));
          table.appendChild(tr);
        }
        if (this.draft.cart.length === 0) return this.el('p', {}, 'Your cart is empty.');
        return table;
      }
      case 'tabs': {
        const active = this.draft.tabs[block.key] ?? 0;
        const wrap = this.el('div');
        const bar = this.el('div', { role: 'tablist' });
        block.tabs.forEach((tab, index) => {
          const attrs: Record<string, string> = { role: 'tab', 'aria-selected': String(index === active) };
          bar.appendChild(this.button(`${block.bid}-${index}`, tab.label, () => (this.draft.tabs[block.key] = index), attrs));
        });
        wrap.appendChild(bar);
        // Only the active panel is in the DOM, as in apps that render tab panels lazily.
        const panel = this.el('div', { role: 'tabpanel' });
        for (const inner of block.tabs[active]!.blocks) panel.appendChild(this.block(inner));
        wrap.appendChild(panel);
        return wrap;
      }
    }
  }
}

/**
 * Controls are ARIA widgets (div role=button/textbox/combobox/checkbox holding their value in attributes), as many
 * web apps build them, rather than native <input>/<select>/<button>: happy-dom keeps form-association bookkeeping for
 * native controls that made one render of a form page cost 15-30 ms; the ARIA version costs well under 1 ms.
 */
/** Renders the draft's current page (and its pop-up when open) into the shared document; returns the document. */
export function renderPage(scenario: WebScenario, draft: Draft): Doc {
  live = null;
  renderedBids.clear();
  const doc = documentOf();
  const builder = new PageBuilder(doc, scenario, draft);
  const page = scenario.pages[draft.url]!;
  const main = builder.el('main');
  main.appendChild(builder.el('h1', {}, page.title));
  for (const block of page.blocks) main.appendChild(builder.block(block));
  doc.body.replaceChildren(main);
  if (draft.cart.length > 0) main.appendChild(builder.el('p', {}, `Cart: ${draft.cart.length} item(s)`));
  const popup = scenario.popup;
  if (popup && draft.popupOpen && popup.page === draft.url) {
    const dialog = builder.el('div', { role: 'dialog', 'aria-modal': 'true', 'aria-label': popup.title });
    dialog.appendChild(builder.el('h2', {}, popup.title));
    dialog.appendChild(builder.el('p', {}, popup.text));
    for (const button of popup.buttons) dialog.appendChild(builder.block(button));
    doc.body.appendChild(dialog);
  }
  return doc;
}

/**
 * The page now in the shared document, with the draft its handlers write to. An observation renders a state to read
 * it; the next action on that same state dispatches into that same DOM instead of rendering again. Any other render
 * or a dispatch (which changes the draft) retires it.
 */
let live: { scenario: WebScenario; state: WebState; draft: Draft; doc: Doc } | null = null;

/** The shared document showing `state`, and a fresh draft its handlers write to (reused when it is still live). */
export function renderState(scenario: WebScenario, state: WebState): { doc: Doc; draft: Draft } {
  if (live && live.scenario === scenario && live.state === state) return live;
  const draft = draftOf(state);
  const doc = renderPage(scenario, draft);
  live = { scenario, state, draft, doc };
  return live;
}

/** Called before handlers run: the draft will change, so the DOM no longer shows an untouched state. */
export function retireLivePage(): void {
  live = null;
}
