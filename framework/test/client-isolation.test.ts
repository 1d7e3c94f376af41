// The client entry points load no server code: a trainer importing `openenv-ts/client` (or the root export) never loads fastify.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hooksDir = mkdtempSync(path.join(os.tmpdir(), 'openenv-imports-'));

afterAll(() => rmSync(hooksDir, { recursive: true, force: true }));

/**
 * Every module URL Node resolves while importing `specifier` in a fresh process, recorded by a module-resolution
 * hook (the compiled package, as an installed user would load it; the package imports itself by name).
 */
function modulesLoadedBy(specifier: string): string[] {
  const log = path.join(hooksDir, `${specifier.replace(/\W+/g, '-')}.log`);
  const hooks = path.join(hooksDir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IMPORT_LOG, result.url + '\\n');
  return result;
}
`,
  );
  const register = path.join(hooksDir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${hooks}`).href)});\n`);
  writeFileSync(log, '');
  execFileSync(process.execPath, ['--import', register, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, IMPORT_LOG: log },
    encoding: 'utf8',
  });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('what each entry point loads', () => {
  it('openenv-ts/server loads fastify (so the detector below can see it)', () => {
    expect(modulesLoadedBy('openenv-ts/server').some((url) => url.includes('/fastify/'))).toBe(true);
  });

  it('openenv-ts/client loads its clients and no fastify module', () => {
    const loaded = modulesLoadedBy('openenv-ts/client');
    expect(loaded.some((url) => url.endsWith('/dist/client/http-client.js'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/dist/client/ws-client.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('fastify'))).toEqual([]);
  });

  it('the root export (plugin contract, runtime, clients) loads no fastify module either', () => {
    const loaded = modulesLoadedBy('openenv-ts');
    expect(loaded.some((url) => url.endsWith('/dist/contract/task-decorator.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('fastify'))).toEqual([]);
  });
});
