// The project check: passes on the repository (bar a missing uv.lock) and names each broken deployment file.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkProjectFiles, frontMatterOf } from '../../scripts/project-checks.js';

const root = path.resolve(import.meta.dirname, '../..');
const hasPython = ['python3', 'python'].some((cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0);
const UV_LOCK_MISSING =
  'uv.lock is missing: run `uv lock` once in the repository root (it needs PyPI access) and commit uv.lock; `openenv validate` fails without it';

/** The README front matter block that docs/deploy.md tells the lead to put at the top of README.md. */
function documentedFrontMatter(): string {
  const doc = readFileSync(path.join(root, 'docs/deploy.md'), 'utf8');
  const block = /```yaml\n(---\n[\s\S]*?\n---\n)```/.exec(doc);
  if (!block) throw new Error('docs/deploy.md has no ```yaml front matter block');
  return block[1]!;
}

function errorsOf(dir: string): string[] {
  return checkProjectFiles(dir)
    .filter((f) => f.level === 'error')
    .map((f) => f.message);
}

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of the repository's files that passes the check: a README with the documented front matter when the
 * repository has none yet, and a stand-in uv.lock (the real one is made by `uv lock`, which needs PyPI).
 */
function healthyCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'project-check-'));
  copies.push(dir);
  const skip = new Set(['node_modules', 'dist', '.git']);
  cpSync(root, dir, { recursive: true, filter: (src) => !skip.has(path.basename(src)) || path.dirname(src) !== root });
  const readme = path.join(dir, 'README.md');
  if (!existsSync(readme) || frontMatterOf(readFileSync(readme, 'utf8')) === null) {
    writeFileSync(readme, `${documentedFrontMatter()}\n# Test copy\n`);
  }
  if (!existsSync(path.join(dir, 'uv.lock'))) {
    writeFileSync(path.join(dir, 'uv.lock'), 'version = 1\n\n[[package]]\nname = "openenv"\nversion = "0.10.0"\n');
  }
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(full, after);
}

describe('project check on the repository', () => {
  it('finds no problem except uv.lock when it has not been generated yet', () => {
    const expected = existsSync(path.join(root, 'uv.lock')) ? [] : [UV_LOCK_MISSING];
    expect(errorsOf(root)).toEqual(expected);
  });

  it('passes on a copy with a README front matter as documented and a uv.lock', () => {
    expect(errorsOf(healthyCopy())).toEqual([]);
  });

  it('warns that a checkout with node_modules/.bin links is refused by openenv validate, and not a clean copy', () => {
    const dir = healthyCopy();
    const warnings = () => checkProjectFiles(dir).filter((f) => f.level === 'warning').map((f) => f.message);
    expect(warnings().filter((m) => m.includes('symbolic links'))).toEqual([]);
    mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync('../typescript/bin/tsc', path.join(dir, 'node_modules', '.bin', 'tsc'));
    expect(warnings()).toContain(
      'symbolic links in the tree (node_modules/.bin/*): `openenv validate` refuses to validate it; validate a clean clone instead (docs/deploy.md, Validate)',
    );
  });
});

describe('project check on a broken copy names the problem and the fix', () => {
  const cases: [string, (dir: string) => void, string[]][] = [
    ['server/app.py missing', (d) => rmSync(path.join(d, 'server/app.py')), ['server/app.py is missing: `openenv validate` requires it, with a main() that starts the server']],
    [
      'server/app.py without a main() guard',
      (d) => edit(d, 'server/app.py', (t) => t.replace(/^if __name__ == "__main__":\n.*$/m, '')),
      ['server/app.py has no module-level `if __name__ == "__main__":` block: add one that calls main()'],
    ],
    [
      'server/app.py guard that does not call main()',
      (d) => edit(d, 'server/app.py', (t) => t.replace(/^(if __name__ == "__main__":\n).*$/m, '$1    pass')),
      ['server/app.py: the `if __name__ == "__main__":` block does not call main()'],
    ],
    [
      'server/app.py whose main is not top-level',
      (d) => edit(d, 'server/app.py', (t) => `${t.replace(/^def main\(/m, 'def run(')}\nclass Launcher:\n    def main(self):\n        return run()\n`),
      ['server/app.py has no top-level `def main(`: the [project.scripts] server entry calls it'],
    ],
    [
      'wrong script entry',
      (d) => edit(d, 'pyproject.toml', (t) => t.replace('server = "server.app:main"', 'server = "server.app:run"')),
      ['pyproject.toml: [project.scripts] server is "server.app:run"; it must be "server.app:main" (the main() of server/app.py)'],
    ],
    [
      'no script entry',
      (d) => edit(d, 'pyproject.toml', (t) => t.replace('server = "server.app:main"', 'serve = "server.app:main"')),
      ['pyproject.toml: [project.scripts] has no "server" entry; add server = "server.app:main"'],
    ],
    [
      'no openenv dependency',
      (d) => edit(d, 'pyproject.toml', (t) => t.replace(/"openenv>=[^"]*"/, '"requests>=2"')),
      ['pyproject.toml: [project] dependencies has no openenv package; add "openenv>=0.10" (`openenv validate` requires it; the legacy "openenv-core" is accepted too)'],
    ],
    [
      'a package that only starts with openenv',
      (d) => edit(d, 'pyproject.toml', (t) => t.replace(/"openenv>=[^"]*"/, '"openenv-tools>=1"')),
      ['pyproject.toml: [project] dependencies has no openenv package; add "openenv>=0.10" (`openenv validate` requires it; the legacy "openenv-core" is accepted too)'],
    ],
    [
      'pyproject.toml not TOML',
      (d) => edit(d, 'pyproject.toml', (t) => t.replace('[project.scripts]', '[project.scripts')),
      [expect.stringMatching(/^pyproject\.toml is not valid TOML: /) as unknown as string],
    ],
    ['pyproject.toml missing', (d) => rmSync(path.join(d, 'pyproject.toml')), ['pyproject.toml is missing: `openenv validate` requires it (with [project.scripts] server = "server.app:main")']],
    ['uv.lock missing', (d) => rmSync(path.join(d, 'uv.lock')), [UV_LOCK_MISSING]],
    [
      'uv.lock not written by uv lock',
      (d) => writeFileSync(path.join(d, 'uv.lock'), '# placeholder\n'),
      ['uv.lock does not lock openenv, so `uv lock` did not write it for this pyproject.toml: run `uv lock` again'],
    ],
    [
      'a lock of the legacy openenv-core for a pyproject.toml that depends on openenv',
      (d) => writeFileSync(path.join(d, 'uv.lock'), 'version = 1\n\n[[package]]\nname = "openenv-core"\nversion = "0.2.3"\n'),
      ['uv.lock does not lock openenv, so `uv lock` did not write it for this pyproject.toml: run `uv lock` again'],
    ],
    [
      'openenv.yaml without the validation block',
      (d) => edit(d, 'openenv.yaml', (t) => t.slice(0, t.indexOf('validation:\n'))),
      ['openenv.yaml has no `validation:` block, so `openenv validate` fails static.manifest and skips every later check: run `npm run openenv:yaml`'],
    ],
    [
      'openenv.yaml with an oracle tolerance above the policy bound',
      (d) => edit(d, 'openenv.yaml', (t) => t.replace(/oracle_tolerance: [\d.]+/, 'oracle_tolerance: 0.5')),
      ['openenv.yaml: validation.reward.oracle_tolerance 0.5 exceeds the policy maximum 0.1 (static.manifest fails)'],
    ],
    [
      'openenv.yaml with a reward range that is not increasing',
      (d) => edit(d, 'openenv.yaml', (t) => t.replace(/range:\n {6}- [-\d.]+\n {6}- [-\d.]+/, 'range:\n      - 1\n      - 0')),
      ['openenv.yaml: validation.reward.range must be two finite numbers, low < high (found [1,0])'],
    ],
    ['runtime plan missing', (d) => rmSync(path.join(d, 'validation/runtime.json')), ['openenv.yaml: validation.execution.probe_path names validation/runtime.json, which does not exist: run `npm run openenv:yaml`']],
    [
      'runtime plan without actions',
      (d) => edit(d, 'validation/runtime.json', (t) => JSON.stringify({ ...JSON.parse(t), actions: [] })),
      ['validation/runtime.json must hold between 1 and 100 actions (found 0)'],
    ],
    [
      'pyproject.toml on the legacy openenv-core with a lock of it',
      (d) => {
        edit(d, 'pyproject.toml', (t) => t.replace(/"openenv>=[^"]*"/, '"openenv-core>=0.2.2"'));
        writeFileSync(path.join(d, 'uv.lock'), 'version = 1\n\n[[package]]\nname = "openenv-core"\nversion = "0.2.3"\n');
      },
      [],
    ],
    ['openenv.yaml missing', (d) => rmSync(path.join(d, 'openenv.yaml')), ['openenv.yaml is missing: run `npm run openenv:yaml` to generate it from the task plugins']],
    [
      'openenv.yaml on another port',
      (d) => edit(d, 'openenv.yaml', (t) => t.replace('port: 8000', 'port: 7860')),
      ['openenv.yaml: "port" must be 8000 (the port the container listens on) (found 7860)'],
    ],
    [
      'openenv.yaml grader module moved',
      (d) => edit(d, 'openenv.yaml', (t) => t.replace(/module: (plugins\/[^/]+)\/plugin\.ts/, 'module: $1/gone.ts')),
      [expect.stringMatching(/^openenv\.yaml: tasks\[0\]: grader module plugins\/[^/]+\/gone\.ts does not exist: run `npm run openenv:yaml`$/) as unknown as string],
    ],
    [
      'Dockerfile on a full (not slim) Node image',
      (d) => edit(d, 'Dockerfile', (t) => t.replace('FROM node:26-slim AS runtime', 'FROM node:26 AS runtime')),
      ['Dockerfile: FROM node:26: every stage must use an official slim image of a supported Node LTS (node:26-slim; also node:22-slim, node:24-slim)'],
    ],
    [
      'Dockerfile on an end-of-life Node',
      (d) => edit(d, 'Dockerfile', (t) => t.replace('FROM node:26-slim AS build', 'FROM node:20-slim AS build')),
      ['Dockerfile: FROM node:20-slim: every stage must use an official slim image of a supported Node LTS (node:26-slim; also node:22-slim, node:24-slim)'],
    ],
    [
      'Dockerfile running as root',
      (d) => edit(d, 'Dockerfile', (t) => t.replace(/^USER node$/m, 'USER root')),
      ['Dockerfile: the runtime stage runs as root: use a non-root user (USER node)'],
    ],
    [
      'Dockerfile without USER',
      (d) => edit(d, 'Dockerfile', (t) => t.replace(/^USER node\n/m, '')),
      ['Dockerfile: the runtime stage runs as root: add USER node'],
    ],
    [
      'Dockerfile without EXPOSE 8000',
      (d) => edit(d, 'Dockerfile', (t) => t.replace(/^EXPOSE 8000$/m, 'EXPOSE 7860')),
      ['Dockerfile: the runtime stage must EXPOSE 8000'],
    ],
    [
      'Dockerfile without HEALTHCHECK',
      (d) => edit(d, 'Dockerfile', (t) => t.replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, '')),
      ['Dockerfile: the runtime stage has no HEALTHCHECK CMD probing /health'],
    ],
    [
      'Dockerfile shipping dev dependencies',
      (d) => edit(d, 'Dockerfile', (t) => t.replace('npm ci --omit=dev', 'npm ci')),
      ['Dockerfile: the runtime stage must install production dependencies only (RUN npm ci --omit=dev)'],
    ],
    [
      'Dockerfile starting a file that does not exist',
      (d) => edit(d, 'Dockerfile', (t) => t.replace('node_modules/openenv-ts/dist/tools/cli.js', 'node_modules/openenv-ts/dist/tools/main.js')),
      ['Dockerfile: CMD runs node_modules/openenv-ts/dist/tools/main.js, but its source framework/src/tools/main.ts does not exist'],
    ],
    [
      'Dockerfile copying a docker-ignored file',
      (d) => edit(d, '.dockerignore', (t) => `${t}README.md\n`),
      [expect.stringMatching(/^Dockerfile line \d+ copies README\.md, which \.dockerignore excludes: docker build would fail$/) as unknown as string],
    ],
    [
      'Dockerfile missing',
      (d) => rmSync(path.join(d, 'Dockerfile')),
      [
        'openenv.yaml: validation.execution.dockerfile names Dockerfile, which does not exist: the runtime level builds the image from it',
        'Dockerfile is missing at the repository root: the Space and `docker build` need it',
      ],
    ],
    ['.dockerignore missing', (d) => rmSync(path.join(d, '.dockerignore')), ['.dockerignore is missing: without it node_modules, dist and .git go into the docker build context']],
    [
      'README without front matter',
      (d) => edit(d, 'README.md', (t) => t.slice(t.indexOf('\n---\n') + 5)),
      ['README.md has no front matter: put the block from docs/deploy.md at the very top'],
    ],
    [
      'README front matter for another SDK and colour',
      (d) => edit(d, 'README.md', (t) => t.replace(/^sdk: docker$/m, 'sdk: gradio').replace(/^colorFrom: \w+$/m, 'colorFrom: teal')),
      [
        'README.md front matter: "colorFrom" must be one of red, yellow, green, blue, indigo, purple, pink, gray (found "teal")',
        'README.md front matter: "sdk" must be "docker" (found "gradio")',
      ],
    ],
    [
      'README front matter without the openenv tag',
      (d) => edit(d, 'README.md', (t) => t.replace(/^ {2}- openenv$/m, '  - rl')),
      ['README.md front matter: "tags" must be a list containing openenv (found ["rl"])'],
    ],
  ];

  it.each(cases)('%s', (_name, breakIt, expected) => {
    const dir = healthyCopy();
    breakIt(dir);
    expect(errorsOf(dir)).toEqual(expected);
  });

  it.skipIf(!hasPython)(`server/app.py with a syntax error${hasPython ? '' : ' (skipped: no python3 on PATH)'}`, () => {
    const dir = healthyCopy();
    edit(dir, 'server/app.py', (t) => t.replace('def main(', 'def main(('));
    expect(errorsOf(dir)).toEqual([expect.stringMatching(/^server\/app\.py is not valid Python \(`openenv validate` parses it\): SyntaxError: /)]);
  });
});
