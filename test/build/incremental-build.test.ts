// npm scripts compile with `tsc -b`, which skips every project whose output is newer than its sources.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/start-server.js';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function scriptsOf(file: string): Record<string, string> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { scripts: Record<string, string> }).scripts;
}

describe('build scripts', () => {
  it.each([
    ['this repository', path.join(ROOT, 'package.json')],
    ['the init template', path.join(ROOT, 'framework', 'templates', 'project', 'package.json')],
  ])('%s compiles with tsc -b (incremental) before running compiled code, never through a nested npm run build', (_name, file) => {
    const scripts = scriptsOf(file);
    for (const [name, command] of Object.entries(scripts)) {
      expect(command, `script "${name}"`).not.toMatch(/npm run build/);
      // A script that runs compiled output compiles first, incrementally.
      if (/(^|&& )(node |openenv-ts )/.test(command) && name !== 'validate-url') expect(command, `script "${name}"`).toMatch(/^tsc -b && /);
    }
    expect(scripts.build).toBe('tsc -b');
    expect(scripts.baseline).toMatch(/^tsc -b && /);
  });

  it('right after a build, tsc -b has nothing to rebuild in any project', () => {
    // test/global-setup.ts has just built everything; a dry run lists what a real run would rebuild.
    const dry = execFileSync(process.execPath, [TSC, '-b', '--dry', '--verbose', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(dry).toContain('is up to date');
    expect(dry).not.toMatch(/would build project/i);
  });
});
