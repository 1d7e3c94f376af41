// Lays the package's compiled example plugins into a new project's dist/, importable before `npm install` has run.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** `from 'x'` and `import 'x'` with a bare specifier (a package, not a relative path). */
const BARE_IMPORT = /(\bfrom\s+|\bimport\s+)(['"])([^'"./][^'"]*)\2/g;

/**
 * Copies every .js module under `from` to `into`, with bare imports ('openenv-ts', 'zod') pointed at the modules
 * this running package resolves: the new project has no node_modules yet, and the plugins must register with the
 * very framework modules that load them.
 */
export function precompiledPluginsInto(from: string, into: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(into, path.relative(from, source));
    const text = readFileSync(source, 'utf8').replace(BARE_IMPORT, (_all, keyword: string, quote: string, specifier: string) => {
      return `${keyword}${quote}${import.meta.resolve(specifier)}${quote}`;
    });
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}
