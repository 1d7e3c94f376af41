// The deployment files checks: what `openenv validate` (RFC 008 static level), docker build and the Space need, on disk only.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { DIFFICULTIES } from 'openenv-ts';
import { execForm, healthcheckParts, instructionsOf, parseDockerfile, words, type Stage } from './dockerfile.js';
import { YAML_COMMAND, PLAN_LIMITS, POLICY_BOUNDS, RUNTIME_PLAN_FILE } from 'openenv-ts/tools';

export interface Finding {
  readonly level: 'error' | 'warning';
  /** The file the finding is about, relative to the root. */
  readonly file: string;
  /** A sentence that says what is wrong and how to fix it. */
  readonly message: string;
}

export const SERVER_ENTRY = 'server.app:main';
/** The dependency to declare: OpenEnv's distribution is `openenv` since 0.10 (the validator still accepts the old name). */
export const OPENENV_REQUIREMENT = 'openenv>=0.10';
/** A requirement naming `openenv` or the legacy `openenv-core`, as OpenEnv's own check matches them (not openenv-foo). */
const OPENENV_DEPENDENCY = /^(openenv|openenv-core)(?:\s*(?:$|[<>=!~@;])|\[)/;
/** Folders OpenEnv's source digest skips; a symbolic link anywhere else makes `openenv validate` refuse the tree. */
const DIGEST_EXCLUDED = new Set(['.git', '__pycache__', '.venv', '.worktrees', 'outputs']);
export const UV_LOCK_COMMAND = 'uv lock';
/** Colours a Hugging Face Space card accepts for colorFrom/colorTo. */
export const SPACE_COLORS = ['red', 'yellow', 'green', 'blue', 'indigo', 'purple', 'pink', 'gray'];
/** The submission rules ask for at least this many tasks, each with a grader. */
const MIN_SUBMISSION_TASKS = 3;
/**
 * Node release lines an image may use: LTS lines still supported on the date this was written (2026-11: 26 active,
 * 24 and 22 in maintenance). Node 20 reached end of life on 2026-04-30, so images on it get no security fixes.
 */
export const SUPPORTED_NODE_MAJORS = [22, 24, 26] as const;
const SUPPORTED_NODE_SLIM = new RegExp(`^node:(?:${SUPPORTED_NODE_MAJORS.join('|')})(?:\\.\\d+){0,2}-(?:[a-z]+-)?slim(?:@sha256:[0-9a-f]{64})?$`);

type Report = (file: string, message: string, level?: Finding['level']) => void;

/** The framework package, an npm workspace of this repository: its compiled code is reached through node_modules. */
const FRAMEWORK_COMPILED = /^node_modules\/openenv-ts\/dist\//;

/**
 * The source file a compiled path stands for, relative to the root as given: dist/x/y.js -> x/y.ts, and the
 * framework's node_modules/openenv-ts/dist/x.js -> framework/src/x.ts.
 */
function sourceOfCompiled(compiled: string): string {
  if (FRAMEWORK_COMPILED.test(compiled)) return compiled.replace(FRAMEWORK_COMPILED, 'framework/src/').replace(/\.js$/, '.ts');
  return compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

function readText(root: string, file: string): string | null {
  const full = path.join(root, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPyproject(root: string, report: Report): void {
  const file = 'pyproject.toml';
  const text = readText(root, file);
  if (text === null) return report(file, `${file} is missing: \`openenv validate\` requires it (with [project.scripts] server = "${SERVER_ENTRY}")`);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    return report(file, `${file} is not valid TOML: ${(err as Error).message.split('\n')[0]}`);
  }
  const project = isRecord(doc.project) ? doc.project : {};
  const scripts = isRecord(project.scripts) ? project.scripts : {};
  const server = scripts.server;
  if (server === undefined) {
    report(file, `${file}: [project.scripts] has no "server" entry; add server = "${SERVER_ENTRY}"`);
  } else if (server !== SERVER_ENTRY) {
    report(file, `${file}: [project.scripts] server is ${JSON.stringify(server)}; it must be "${SERVER_ENTRY}" (the main() of server/app.py)`);
  }
  const deps = Array.isArray(project.dependencies) ? project.dependencies.filter((d): d is string => typeof d === 'string') : [];
  if (!deps.some((d) => OPENENV_DEPENDENCY.test(d.trim().toLowerCase()))) {
    report(file, `${file}: [project] dependencies has no openenv package; add "${OPENENV_REQUIREMENT}" (\`openenv validate\` requires it; the legacy "openenv-core" is accepted too)`);
  }
}

/** The openenv distribution pyproject.toml depends on (`openenv`, or the legacy `openenv-core`), if any. */
function openenvDistributionOf(root: string): string | null {
  try {
    const doc = parseToml(readText(root, 'pyproject.toml') ?? '') as Record<string, unknown>;
    const project = isRecord(doc.project) ? doc.project : {};
    const deps = Array.isArray(project.dependencies) ? project.dependencies.filter((d): d is string => typeof d === 'string') : [];
    for (const dep of deps) {
      const match = OPENENV_DEPENDENCY.exec(dep.trim().toLowerCase());
      if (match) return match[1]!;
    }
  } catch {
    // pyproject.toml problems are reported by checkPyproject.
  }
  return null;
}

function checkUvLock(root: string, report: Report): void {
  const file = 'uv.lock';
  const text = readText(root, file);
  if (text === null) {
    return report(file, `${file} is missing: run \`${UV_LOCK_COMMAND}\` once in the repository root (it needs PyPI access) and commit ${file}; \`openenv validate\` fails without it`);
  }
  let packages: unknown[] = [];
  try {
    const doc = parseToml(text) as Record<string, unknown>;
    packages = Array.isArray(doc.package) ? doc.package : [];
  } catch {
    // An unparsable lock is reported below as not locking openenv.
  }
  const distribution = openenvDistributionOf(root) ?? 'openenv';
  if (!packages.some((p) => isRecord(p) && p.name === distribution)) {
    report(file, `${file} does not lock ${distribution}, so \`${UV_LOCK_COMMAND}\` did not write it for this pyproject.toml: run \`${UV_LOCK_COMMAND}\` again`);
  }
}

/** Python's own verdict on a file's syntax (the validator parses it), or null when no Python is on PATH. */
function pythonSyntaxError(file: string): string | null {
  const parse = 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])';
  for (const python of ['python3', 'python']) {
    const result = spawnSync(python, ['-c', parse, file], { encoding: 'utf8', timeout: 30_000 });
    if (result.error) continue;
    if (result.status === 0) return null;
    return result.stderr.trim().split('\n').slice(-1)[0] ?? 'syntax error';
  }
  return null;
}

function checkServerApp(root: string, report: Report): void {
  const file = 'server/app.py';
  const text = readText(root, file);
  if (text === null) return report(file, `${file} is missing: \`openenv validate\` requires it, with a main() that starts the server`);
  const syntax = pythonSyntaxError(path.join(root, file));
  if (syntax !== null) return report(file, `${file} is not valid Python (\`openenv validate\` parses it): ${syntax}`);
  if (!/^def main\(/m.test(text)) report(file, `${file} has no top-level \`def main(\`: the [project.scripts] server entry calls it`);
  const guard = /^if\s+(?:__name__\s*==\s*(['"])__main__\1|(['"])__main__\2\s*==\s*__name__)\s*:/m.exec(text);
  if (!guard) {
    report(file, `${file} has no module-level \`if __name__ == "__main__":\` block: add one that calls main()`);
  } else if (!/main\(/.test(text.slice(guard.index + guard[0].length).split(/\n(?=\S)/)[0] ?? '')) {
    report(file, `${file}: the \`if __name__ == "__main__":\` block does not call main()`);
  }
}

function checkOpenenvYaml(root: string, report: Report): void {
  const file = 'openenv.yaml';
  const text = readText(root, file);
  if (text === null) return report(file, `${file} is missing: run \`${YAML_COMMAND}\` to generate it from the task plugins`);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return report(file, `${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(doc)) return report(file, `${file} must be a YAML mapping`);
  const expect = (key: string, ok: boolean, what: string) => {
    if (!ok) report(file, `${file}: "${key}" must be ${what} (found ${JSON.stringify(doc[key]) ?? 'nothing'})`);
  };
  expect('spec_version', doc.spec_version === 1, '1');
  expect('name', typeof doc.name === 'string' && doc.name.length > 0, 'a non-empty string');
  expect('type', doc.type === 'space', '"space"');
  expect('runtime', typeof doc.runtime === 'string' && doc.runtime.length > 0, 'a non-empty string');
  expect('app', typeof doc.app === 'string' && doc.app.length > 0, 'a non-empty string');
  expect('port', doc.port === 8000, '8000 (the port the container listens on)');
  if (!Array.isArray(doc.tasks) || doc.tasks.length === 0) {
    return report(file, `${file}: "tasks" must list the tasks: run \`${YAML_COMMAND}\``);
  }
  doc.tasks.forEach((task: unknown, i: number) => {
    const where = `${file}: tasks[${i}]`;
    if (!isRecord(task)) return report(file, `${where} must be a mapping`);
    for (const key of ['id', 'name', 'description']) {
      if (typeof task[key] !== 'string' || task[key] === '') report(file, `${where}: "${key}" must be a non-empty string`);
    }
    if (!(DIFFICULTIES as readonly unknown[]).includes(task.difficulty)) report(file, `${where}: "difficulty" must be one of ${DIFFICULTIES.join(', ')}`);
    if (!Number.isInteger(task.max_steps) || (task.max_steps as number) < 1) report(file, `${where}: "max_steps" must be a positive integer`);
    const grader = isRecord(task.grader) ? task.grader : null;
    if (!grader || grader.endpoint !== 'POST /grader' || typeof grader.module !== 'string') {
      report(file, `${where}: "grader" must be { endpoint: "POST /grader", module: <plugin module path> }`);
    } else if (!existsSync(path.join(root, grader.module))) {
      report(file, `${where}: grader module ${grader.module} does not exist: run \`${YAML_COMMAND}\``);
    }
  });
  if (doc.tasks.length < MIN_SUBMISSION_TASKS) {
    report(file, `${file} lists ${doc.tasks.length} task(s); an OpenEnv submission needs at least ${MIN_SUBMISSION_TASKS} tasks with graders`, 'warning');
  }
  checkValidationBlock(root, doc.validation, report);
}

/**
 * What `openenv validate`'s first check (static.manifest) needs of the `validation:` block, as far as it can be
 * seen without OpenEnv: the sections, a strictly increasing reward range, tolerances inside the severity policy,
 * and an execution block whose Dockerfile and runtime plan exist. The full schema is checked by the tests.
 */
function checkValidationBlock(root: string, block: unknown, report: Report): void {
  const file = 'openenv.yaml';
  if (!isRecord(block)) return report(file, `${file} has no \`validation:\` block, so \`openenv validate\` fails static.manifest and skips every later check: run \`${YAML_COMMAND}\``);
  const missing = ['reward', 'resources', 'capabilities', 'types', 'execution'].filter((key) => !isRecord(block[key]));
  if (missing.length > 0) return report(file, `${file}: the validation block has no ${missing.join(', ')}: run \`${YAML_COMMAND}\``);
  const reward = block.reward as Record<string, unknown>;
  const range = reward.range;
  if (!Array.isArray(range) || range.length !== 2 || !range.every((x) => typeof x === 'number' && Number.isFinite(x)) || !(range[0] < range[1])) {
    report(file, `${file}: validation.reward.range must be two finite numbers, low < high (found ${JSON.stringify(range)})`);
  }
  if (typeof reward.oracle_tolerance === 'number' && reward.oracle_tolerance > POLICY_BOUNDS.maxOracleTolerance) {
    report(file, `${file}: validation.reward.oracle_tolerance ${reward.oracle_tolerance} exceeds the policy maximum ${POLICY_BOUNDS.maxOracleTolerance} (static.manifest fails)`);
  }
  if (typeof reward.floor_margin !== 'number' || reward.floor_margin < POLICY_BOUNDS.minFloorMargin) {
    report(file, `${file}: validation.reward.floor_margin must be at least ${POLICY_BOUNDS.minFloorMargin}, the policy minimum (found ${JSON.stringify(reward.floor_margin)})`);
  }
  const timeout = (block.resources as Record<string, unknown>).episode_timeout_s;
  if (typeof timeout !== 'number' || timeout <= 0 || timeout > POLICY_BOUNDS.maxEpisodeTimeoutS) {
    report(file, `${file}: validation.resources.episode_timeout_s must be in (0, ${POLICY_BOUNDS.maxEpisodeTimeoutS}] (found ${JSON.stringify(timeout)})`);
  }
  const execution = block.execution as Record<string, unknown>;
  for (const [key, fallback] of [['dockerfile', 'Dockerfile'], ['probe_path', RUNTIME_PLAN_FILE]] as const) {
    const target = typeof execution[key] === 'string' ? (execution[key] as string) : fallback;
    const fix = key === 'dockerfile' ? 'the runtime level builds the image from it' : `run \`${YAML_COMMAND}\``;
    if (!existsSync(path.join(root, target))) report(file, `${file}: validation.execution.${key} names ${target}, which does not exist: ${fix}`);
  }
  const planFile = typeof execution.probe_path === 'string' ? execution.probe_path : RUNTIME_PLAN_FILE;
  const planText = readText(root, planFile);
  if (planText === null) return;
  let plan: unknown;
  try {
    plan = JSON.parse(planText);
  } catch (err) {
    return report(planFile, `${planFile} is not valid JSON: ${(err as Error).message}`);
  }
  const actions = isRecord(plan) ? plan.actions : undefined;
  const reset = isRecord(plan) && isRecord(plan.reset) ? plan.reset : null;
  if (!isRecord(plan) || plan.plan_schema_version !== '1' || !reset || typeof reset.episode_id !== 'string' || !Number.isInteger(reset.seed)) {
    report(planFile, `${planFile} must be {plan_schema_version: "1", reset: {episode_id, seed, options}, actions: [...]}: run \`${YAML_COMMAND}\``);
  } else if (!Array.isArray(actions) || actions.length < 1 || actions.length > PLAN_LIMITS.maxActions) {
    report(planFile, `${planFile} must hold between 1 and ${PLAN_LIMITS.maxActions} actions (found ${Array.isArray(actions) ? actions.length : 'none'})`);
  }
}

/**
 * `openenv validate` hashes the package tree before anything else and refuses a symbolic link in it; npm puts
 * links in node_modules/.bin, so a developer's checkout is refused where a clean clone passes.
 */
function checkSymlinks(root: string, report: Report): void {
  const links: string[] = [];
  for (const entry of readdirSync(root)) {
    if (DIGEST_EXCLUDED.has(entry)) continue;
    const full = path.join(root, entry);
    if (lstatSync(full).isSymbolicLink()) links.push(entry);
    else if (entry === 'node_modules' && existsSync(path.join(full, '.bin'))) links.push('node_modules/.bin/*');
  }
  if (links.length > 0) {
    report('.', `symbolic links in the tree (${links.join(', ')}): \`openenv validate\` refuses to validate it; validate a clean clone instead (docs/deploy.md, Validate)`, 'warning');
  }
}

/** .dockerignore patterns as written (comments and negations dropped), for spotting a COPY of an ignored file. */
function dockerignorePatterns(root: string): string[] {
  const text = readText(root, '.dockerignore') ?? '';
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^\.\//, '').replace(/\/$/, ''))
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'));
}

/** COPY lines that read the build context must name files that exist there and are not docker-ignored. */
function checkContextCopies(root: string, stage: Stage, report: Report): void {
  const ignored = dockerignorePatterns(root);
  for (const copy of instructionsOf(stage, 'COPY')) {
    const parts = words(copy.args);
    if (parts.some((p) => p.startsWith('--from='))) continue;
    const sources = parts.filter((p) => !p.startsWith('--')).slice(0, -1);
    for (const source of sources) {
      const clean = source.replace(/^\.\//, '').replace(/\/$/, '');
      if (clean === '.' || /[*?[]/.test(clean)) continue;
      if (!existsSync(path.join(root, clean))) {
        report('Dockerfile', `Dockerfile line ${copy.line} copies ${clean}, which does not exist: docker build would fail`);
      } else if (ignored.includes(clean)) {
        report('Dockerfile', `Dockerfile line ${copy.line} copies ${clean}, which .dockerignore excludes: docker build would fail`);
      }
    }
  }
}

function checkDockerfile(root: string, report: Report): void {
  const file = 'Dockerfile';
  const text = readText(root, file);
  if (text === null) return report(file, `${file} is missing at the repository root: the Space and \`docker build\` need it`);
  const { stages } = parseDockerfile(text);
  if (stages.length < 2) {
    report(file, `${file} must be multi-stage: a build stage that compiles with tsc, then a runtime stage with production dependencies only`);
  }
  for (const stage of stages) {
    if (!SUPPORTED_NODE_SLIM.test(stage.base)) {
      report(file, `${file}: FROM ${stage.base}: every stage must use an official slim image of a supported Node LTS (node:26-slim; also ${SUPPORTED_NODE_MAJORS.slice(0, -1).map((m) => `node:${m}-slim`).join(', ')})`);
    }
  }
  if (stages.length === 0) return;
  const build = stages[0]!;
  const runtime = stages[stages.length - 1]!;
  if (stages.length >= 2 && !instructionsOf(build, 'RUN').some((r) => /\bnpm run build\b|\btsc\b/.test(r.args))) {
    report(file, `${file}: the build stage never compiles: add RUN npm run build`);
  }
  if (stages.length >= 2) {
    if (!instructionsOf(runtime, 'RUN').some((r) => /\bnpm (?:ci|install)\b.*(?:--omit[= ]dev|--production)/.test(r.args))) {
      report(file, `${file}: the runtime stage must install production dependencies only (RUN npm ci --omit=dev)`);
    }
    if (!instructionsOf(runtime, 'COPY').some((c) => /--from=\S+/.test(c.args) && /\bdist\b/.test(c.args))) {
      report(file, `${file}: the runtime stage must copy the compiled dist/ from the build stage (COPY --from=build /app/dist ./dist)`);
    }
  }
  const users = instructionsOf(runtime, 'USER');
  const user = users.length > 0 ? (words(users[users.length - 1]!.args)[0] ?? '').split(':')[0]! : null;
  if (user === null) report(file, `${file}: the runtime stage runs as root: add USER node`);
  else if (user === 'root' || user === '0') report(file, `${file}: the runtime stage runs as ${user}: use a non-root user (USER node)`);
  if (!instructionsOf(runtime, 'EXPOSE').some((e) => words(e.args).some((p) => p.split('/')[0] === '8000'))) {
    report(file, `${file}: the runtime stage must EXPOSE 8000`);
  }
  const healthchecks = instructionsOf(runtime, 'HEALTHCHECK');
  const health = healthchecks.length > 0 ? healthcheckParts(healthchecks[healthchecks.length - 1]!.args).command : null;
  if (health === null) {
    report(file, `${file}: the runtime stage has no HEALTHCHECK CMD probing /health`);
  } else {
    const probe = execForm(health)?.find((a) => /\.js$/.test(a));
    const probeSource = probe ? readText(root, sourceOfCompiled(probe)) : null;
    if (!health.includes('/health') && !(probeSource ?? '').includes('/health')) {
      report(file, `${file}: the HEALTHCHECK must probe GET /health`);
    }
  }
  const cmds = instructionsOf(runtime, 'CMD');
  const cmd = cmds.length > 0 ? execForm(cmds[cmds.length - 1]!.args) : null;
  if (!cmd) {
    report(file, `${file}: the runtime stage needs an exec-form CMD, e.g. CMD ["node", "node_modules/openenv-ts/dist/tools/cli.js", "serve"]`);
  } else {
    const entry = cmd.find((a) => /^dist\/.+\.js$/.test(a) || FRAMEWORK_COMPILED.test(a));
    if (entry && !existsSync(path.join(root, sourceOfCompiled(entry)))) {
      report(file, `${file}: CMD runs ${entry}, but its source ${sourceOfCompiled(entry)} does not exist`);
    }
  }
  for (const stage of stages) checkContextCopies(root, stage, report);
}

function checkDockerignore(root: string, report: Report): void {
  const file = '.dockerignore';
  if (readText(root, file) === null) return report(file, `${file} is missing: without it node_modules, dist and .git go into the docker build context`);
  const patterns = dockerignorePatterns(root);
  for (const needed of ['node_modules', '.git', 'dist']) {
    if (!patterns.includes(needed)) report(file, `${file} must exclude ${needed}`);
  }
}

/** The YAML front matter of a README, or null when it has none. */
export function frontMatterOf(text: string): string | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  return match ? match[1]! : null;
}

function checkReadme(root: string, report: Report): void {
  const file = 'README.md';
  const text = readText(root, file);
  if (text === null) return report(file, `${file} is missing: the Space reads its front matter, /metadata serves it and the Dockerfile copies it`);
  const block = frontMatterOf(text);
  if (block === null) return report(file, `${file} has no front matter: put the block from docs/deploy.md at the very top`);
  let meta: unknown;
  try {
    meta = parseYaml(block);
  } catch (err) {
    return report(file, `${file}: the front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(meta)) return report(file, `${file}: the front matter must be a YAML mapping`);
  const expect = (key: string, ok: boolean, what: string) => {
    if (!ok) report(file, `${file} front matter: "${key}" must be ${what} (found ${JSON.stringify(meta[key]) ?? 'nothing'})`);
  };
  expect('title', typeof meta.title === 'string' && meta.title.length > 0, 'a non-empty string');
  expect('emoji', typeof meta.emoji === 'string' && meta.emoji.length > 0, 'an emoji');
  for (const key of ['colorFrom', 'colorTo']) expect(key, SPACE_COLORS.includes(meta[key] as string), `one of ${SPACE_COLORS.join(', ')}`);
  expect('sdk', meta.sdk === 'docker', '"docker"');
  expect('app_port', meta.app_port === 8000, '8000');
  expect('tags', Array.isArray(meta.tags) && meta.tags.includes('openenv'), 'a list containing openenv');
  if (meta.base_path !== undefined) expect('base_path', meta.base_path === '/web', '"/web" (or absent when no page is served at /web)');
}

/** Every problem found in the deployment files of the repository at `root` (empty when all is well). */
export function checkProjectFiles(root: string): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (file, message, level = 'error') => findings.push({ level, file, message });
  checkPyproject(root, report);
  checkUvLock(root, report);
  checkServerApp(root, report);
  checkOpenenvYaml(root, report);
  checkDockerfile(root, report);
  checkDockerignore(root, report);
  checkReadme(root, report);
  checkSymlinks(root, report);
  return findings;
}

/** The files checkProjectFiles reads. */
export const CHECKED_FILES = ['pyproject.toml', 'uv.lock', 'server/app.py', 'openenv.yaml', RUNTIME_PLAN_FILE, 'Dockerfile', '.dockerignore', 'README.md'];
