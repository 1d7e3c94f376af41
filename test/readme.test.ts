// The README's table of contents matches its headings, its in-page links land, every npm script it documents exists, and its
// configuration table lists exactly the environment variables the CLI's help names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { githubSlug, headingsOf, inPageLinksOf, npmScriptsUsedIn, sectionOf, tocEntriesOf, withoutSection, type Heading, type TocEntry } from './helpers/markdown-outline.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TOC_TITLE = 'Contents';
/** The section that runs commands inside a project made by `openenv-ts init`, whose scripts come from the template. */
const INIT_SECTION = 'Your own environment in five minutes';

function scriptsOf(packageJson: string): Set<string> {
  return new Set(Object.keys((JSON.parse(readFileSync(path.join(ROOT, packageJson), 'utf8')) as { scripts: Record<string, string> }).scripts));
}

/** What differs between a table of contents and the document's second-level headings (empty when they agree). */
function tocMismatches(toc: readonly TocEntry[], headings: readonly Heading[]): string[] {
  const sections = headings.filter((h) => h.level === 2 && h.text !== TOC_TITLE);
  const problems: string[] = [];
  for (let i = 0; i < Math.max(toc.length, sections.length); i++) {
    const entry = toc[i];
    const heading = sections[i];
    if (!entry) problems.push(`heading "${heading!.text}" (line ${heading!.line}) is not in the table of contents`);
    else if (!heading) problems.push(`table of contents entry "${entry.text}" has no heading`);
    else if (entry.text !== heading.text) problems.push(`entry ${i + 1} is "${entry.text}" but heading ${i + 1} is "${heading.text}" (line ${heading.line})`);
    else if (entry.anchor !== heading.anchor) problems.push(`entry "${entry.text}" links #${entry.anchor}; the heading's anchor is #${heading.anchor}`);
  }
  return problems;
}

function tocMismatchesOf(markdown: string): string[] {
  const toc = tocEntriesOf(markdown, TOC_TITLE);
  return toc === null ? [`no "## ${TOC_TITLE}" section`] : tocMismatches(toc, headingsOf(markdown));
}

function missingScripts(markdown: string, scripts: ReadonlySet<string>): string[] {
  return npmScriptsUsedIn(markdown)
    .filter((use) => !scripts.has(use.script))
    .map((use) => `line ${use.line}: "${use.script}"`);
}

describe('README table of contents', () => {
  it('lists every second-level heading, in order, with its GitHub anchor', () => {
    expect(tocEntriesOf(README, TOC_TITLE)?.length ?? 0).toBeGreaterThan(5);
    expect(tocMismatchesOf(README)).toEqual([]);
  });

  it('catches a heading missing from the contents, a renamed heading and a wrong anchor', () => {
    const extraHeading = `${README}\n## A section nobody listed\n\ntext\n`;
    expect(tocMismatchesOf(extraHeading)).toEqual([expect.stringContaining('"A section nobody listed"')]);
    const renamed = README.replace(/^## Configuration$/m, '## Settings');
    expect(tocMismatchesOf(renamed)).toEqual([expect.stringContaining('heading 7 is "Settings"')]);
    const wrongAnchor = README.replace('(#configuration)', '(#config)');
    expect(tocMismatchesOf(wrongAnchor)).toEqual(['entry "Configuration" links #config; the heading\'s anchor is #configuration']);
  });

  it('ignores lines in code blocks that look like headings', () => {
    expect(headingsOf('# Title\n\n```bash\n## not a heading\n```\n\n## Real\n').map((h) => h.text)).toEqual(['Title', 'Real']);
    expect(githubSlug('Set-up: two commands')).toBe('set-up-two-commands');
    expect(githubSlug('The manifest: `openenv.plugins.json`')).toBe('the-manifest-openenvpluginsjson');
  });

  it('every in-page link lands on a heading', () => {
    const anchors = new Set(headingsOf(README).map((h) => h.anchor));
    expect(inPageLinksOf(README).filter((link) => !anchors.has(link.anchor))).toEqual([]);
  });
});

describe('npm scripts the README documents', () => {
  const rootScripts = scriptsOf('package.json');
  const initScripts = scriptsOf('framework/templates/project/package.json');

  it('exist in this repository\'s package.json', () => {
    const uses = npmScriptsUsedIn(withoutSection(README, INIT_SECTION));
    expect(uses.length).toBeGreaterThan(5);
    expect(missingScripts(withoutSection(README, INIT_SECTION), rootScripts)).toEqual([]);
  });

  it('in the `openenv-ts init` walk-through exist in the package.json the template writes', () => {
    const section = sectionOf(README, INIT_SECTION);
    expect(npmScriptsUsedIn(section).map((use) => use.script)).toEqual(expect.arrayContaining(['test', 'start', 'audit']));
    expect(missingScripts(section, initScripts)).toEqual([]);
  });

  it('catches a documented script that does not exist', () => {
    expect(missingScripts('run `npm run --silent no-such-script` then `npm test`\n', new Set(['test']))).toEqual(['line 1: "no-such-script"']);
    expect(npmScriptsUsedIn('npm run audit -- --reduced && npm ci && npm start').map((use) => use.script)).toEqual(['audit', 'start']);
  });
});

/** The environment variables the CLI's help text names (framework/src/tools/cli/usage.ts): NAME_WITH_UNDERSCORES, and the names on its `env:` line. */
function cliVariables(usageSource: string): Set<string> {
  const text = /USAGE = `([\s\S]*?)`;/.exec(usageSource)?.[1]?.replace(/\$\{[^}]*\}/g, '') ?? '';
  const names = [...text.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]);
  const envLine = /env: ([^\n]*)/.exec(text)?.[1] ?? '';
  return new Set([...names, ...[...envLine.matchAll(/\b[A-Z][A-Z0-9_]+\b/g)].map((m) => m[0])]);
}

/** The variables in the first column of the Configuration section's table. */
function documentedVariables(markdown: string): Set<string> {
  const rows = sectionOf(markdown, 'Configuration').split('\n').filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)));
}

describe('the README\'s configuration table', () => {
  const usage = readFileSync(path.join(ROOT, 'framework/src/tools/cli/usage.ts'), 'utf8');

  it('lists every environment variable the CLI reads, and none it does not', () => {
    const cli = cliVariables(usage);
    expect(cli.size).toBeGreaterThan(15);
    expect(cli).toContain('PORT');
    expect([...documentedVariables(README)].sort()).toEqual([...cli].sort());
  });

  it('catches a variable dropped from the table', () => {
    const dropped = README.replace(/^\| `LOG_LEVEL` .*\n/m, '');
    expect(documentedVariables(dropped).has('LOG_LEVEL')).toBe(false);
    expect(documentedVariables(README).has('LOG_LEVEL')).toBe(true);
  });
});
