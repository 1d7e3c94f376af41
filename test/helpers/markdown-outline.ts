// Reads the outline of a Markdown document (headings, GitHub anchors, the table of contents, `npm` commands) for the README tests.

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
  readonly line: number;
}

export interface TocEntry {
  readonly text: string;
  readonly anchor: string;
}

/** The lines of a document outside its YAML front matter, numbered as in the file. */
function bodyLines(markdown: string): { text: string; line: number }[] {
  const lines = markdown.split('\n').map((text, i) => ({ text, line: i + 1 }));
  if (lines[0]?.text !== '---') return lines;
  const end = lines.findIndex((l, i) => i > 0 && l.text === '---');
  return end < 0 ? lines : lines.slice(end + 1);
}

/** Lines outside fenced code blocks: a `## ` inside a bash or ts block is not a heading. */
function proseLines(markdown: string): { text: string; line: number }[] {
  let fenced = false;
  return bodyLines(markdown).filter(({ text }) => {
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's anchor for a heading text: lower case, punctuation dropped (`-` and `_` kept), spaces to hyphens. */
export function githubSlug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading of levels 1-6 outside code blocks, with its anchor (repeated anchors get -1, -2, ... as on GitHub). */
export function headingsOf(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  const headings: Heading[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const match = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(text);
    if (!match) continue;
    const base = githubSlug(match[2]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    headings.push({ level: match[1]!.length, text: match[2]!, anchor: count === 0 ? base : `${base}-${count}`, line });
  }
  return headings;
}

/** The entries of the list under the heading `title` (the table of contents): each `[text](#anchor)` in order. */
export function tocEntriesOf(markdown: string, title: string): TocEntry[] | null {
  const lines = proseLines(markdown);
  const start = lines.findIndex((l) => new RegExp(`^#{1,6}\\s+${title}\\s*$`).test(l.text));
  if (start < 0) return null;
  const entries: TocEntry[] = [];
  for (const { text } of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(text)) break;
    for (const link of text.matchAll(/\[([^\]]+)\]\(#([^)]+)\)/g)) entries.push({ text: link[1]!, anchor: link[2]! });
  }
  return entries;
}

/** Every in-page link target `](#anchor)` of the document, with the line it is on. */
export function inPageLinksOf(markdown: string): { anchor: string; line: number }[] {
  return bodyLines(markdown).flatMap(({ text, line }) => [...text.matchAll(/\]\(#([^)\s]+)\)/g)].map((m) => ({ anchor: m[1]!, line })));
}

/** A documented npm command that names a package script: `npm start`, `npm test`, `npm run [--flags] NAME`. */
export interface NpmScriptUse {
  readonly script: string;
  readonly line: number;
}

/** Every npm script the document tells a reader to run, in prose and in code blocks alike. */
export function npmScriptsUsedIn(markdown: string): NpmScriptUse[] {
  const uses: NpmScriptUse[] = [];
  for (const { text, line } of bodyLines(markdown)) {
    for (const m of text.matchAll(/\bnpm\s+(?:run(?:-script)?\s+(?:--?[\w-]+(?:=\S+)?\s+)*([\w:.-]+)|(start|test|stop|restart)\b)/g)) {
      uses.push({ script: (m[1] ?? m[2])!, line });
    }
  }
  return uses;
}

/** The part of a document under one heading, down to the next heading of the same or a higher level. */
export function sectionOf(markdown: string, title: string): string {
  const headings = headingsOf(markdown);
  const at = headings.findIndex((h) => h.text === title);
  if (at < 0) return '';
  const next = headings.slice(at + 1).find((h) => h.level <= headings[at]!.level);
  const lines = markdown.split('\n');
  return lines.slice(headings[at]!.line - 1, next ? next.line - 1 : lines.length).join('\n');
}

/** The document without one of its sections (its heading and body). */
export function withoutSection(markdown: string, title: string): string {
  const section = sectionOf(markdown, title);
  return section === '' ? markdown : markdown.replace(section, '');
}
