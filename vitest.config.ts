// Test runner configuration: plugin tests sit beside their plugin, environment tests under test/, framework tests under framework/test/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const frameworkPackage = JSON.parse(readFileSync(path.join(root, 'framework/package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };

/**
 * Each public entry of the framework (`openenv-ts`, `openenv-ts/server`, ...) read from its TypeScript source
 * rather than its compiled dist/, so a framework change is tested without a rebuild and stack traces name sources.
 * Only the package's public subpaths are mapped: tests still cannot reach framework internals by name.
 */
const frameworkSources = Object.keys(frameworkPackage.exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath) => ({
    find: new RegExp(`^${frameworkPackage.name}${subpath === '.' ? '' : subpath.slice(1)}$`),
    replacement: path.join(root, 'framework/src', `${subpath === '.' ? 'index' : subpath.slice(2)}.ts`),
  }));

export default defineConfig({
  resolve: { alias: frameworkSources },
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts', 'framework/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // tsc -b once, before every test file: several tests run the compiled output (framework and environment).
    globalSetup: ['test/global-setup.ts'],
  },
});
