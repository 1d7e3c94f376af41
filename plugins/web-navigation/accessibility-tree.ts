// Reads a rendered page back as an accessibility-tree-like text with a bid per interactive element (BrowserGym style).
import type { renderPage } from './page-render.js';
import type { PageElement } from './schemas.js';

type Doc = ReturnType<typeof renderPage>;
type Node = Doc['body'];

export interface PageReading {
  readonly lines: string[];
  readonly elements: PageElement[];
  /** Interactive elements of the page itself (a modal's own buttons are not counted): what scrolling moves over. */
  readonly pageElementCount: number;
}

/** Where the viewport is and whether a modal covers the page: modelled in app state, since there is no layout. */
export interface Viewport {
  readonly first: number;
  readonly size: number;
}

const quote = (s: string) => JSON.stringify(s.replace(/\s+/g, ' ').trim());

function roleOf(node: Node): string {
  return node.getAttribute('role') ?? 'generic';
}

/** Text controls and comboboxes hold their value in data-value; other widgets have none. */
function valueOf(node: Node): string | null {
  return node.getAttribute('data-value');
}

/**
 * Walks the document in order. Interactive elements (those with a data-bid) get a line with their bid, role, name,
 * value and states; headings, paragraphs, alerts and table rows give context lines.
 */
export function readPage(doc: Doc, viewport: Viewport): PageReading {
  const lines: string[] = [];
  const elements: PageElement[] = [];
  const modal = doc.querySelector('[aria-modal="true"]');
  let interactiveIndex = 0;

  const visit = (node: Node, depth: number): void => {
    const pad = '  '.repeat(depth);
    const bid = node.getAttribute('data-bid');
    if (bid) {
      const inModal = modal !== null && modal.contains(node);
      const states: string[] = [];
      if (node.getAttribute('aria-disabled') === 'true') states.push('disabled');
      if (node.getAttribute('aria-checked') === 'true') states.push('checked');
      if (node.getAttribute('aria-selected') === 'true') states.push('selected');
      if (node.getAttribute('aria-required') === 'true') states.push('required');
      if (node.getAttribute('aria-invalid') === 'true') states.push('invalid');
      if (node.getAttribute('aria-readonly') === 'true') states.push('readonly');
      if (!inModal) {
        const index = interactiveIndex++;
        if (index < viewport.first || index >= viewport.first + viewport.size) states.push('offscreen');
        if (modal) states.push('covered');
      }
      const role = roleOf(node);
      const options = role === 'combobox' ? [...node.querySelectorAll('[role="option"]')].map((o) => o.textContent) : null;
      const name = node.getAttribute('aria-label') ?? (options ? '' : node.textContent ?? '');
      const value = valueOf(node);
      elements.push({ bid, role, name: name.trim(), value, states, options });
      let line = `${pad}[${bid}] ${role} ${quote(name)}`;
      if (value !== null) line += ` value=${quote(value)}`;
      if (options) line += ` options=[${options.map(quote).join(', ')}]`;
      if (states.length > 0) line += ` (${states.join(', ')})`;
      lines.push(line);
      return;
    }
    let inner = depth;
    const tag = node.tagName;
    const role = node.getAttribute('role');
    if (/^H[1-3]$/.test(tag)) return void lines.push(`${pad}heading ${quote(node.textContent)}`);
    if (tag === 'P') return void lines.push(`${pad}${role === 'alert' ? 'alert' : 'StaticText'} ${quote(node.textContent)}`);
    if (tag === 'TH') return void lines.push(`${pad}columnheader ${quote(node.textContent)}`);
    if (tag === 'TR' && node.hasAttribute('data-row')) {
      lines.push(`${pad}row ${quote(node.getAttribute('data-row')!)}`);
      inner = depth + 1;
    } else if (role === 'dialog') {
      lines.push(`${pad}dialog ${quote(node.getAttribute('aria-label') ?? '')}${node.getAttribute('aria-modal') === 'true' ? ' (modal: covers the page)' : ''}`);
      inner = depth + 1;
    } else if (tag === 'TABLE') {
      lines.push(`${pad}table ${quote(node.getAttribute('aria-label') ?? '')}`);
      inner = depth + 1;
    }
    for (const child of node.children as unknown as Node[]) visit(child, inner);
  };
  visit(doc.body as Node, 0);
  return { lines, elements, pageElementCount: interactiveIndex };
}
