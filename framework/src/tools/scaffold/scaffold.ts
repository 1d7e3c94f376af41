// `openenv-ts init`: writes a new environment project from the template shipped in this package, openenv.yaml included.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ownPackage, PACKAGE_ROOT } from '../package-root.js';
import { writeGeneratedFiles } from '../openenv-yaml.js';
import { precompiledPluginsInto } from './precompiled-plugins.js';

/** The project template (sources) and its example plugins as this package's build compiled them. */
export const TEMPLATE_DIR = path.join(PACKAGE_ROOT, 'templates', 'project');
export const COMPILED_TEMPLATE_DIR = path.join(PACKAGE_ROOT, 'dist', 'templates', 'project');

/** Files kept under another name in the package, because npm pack drops or renames them (.gitignore) or hides dot-folders. */
const RENAMED: Readonly<Record<string, string>> = { _ci: '.ci', _gitignore: '.gitignore', _dockerignore: '.dockerignore' };
/** Template files that must stay executable after the copy (npm pack keeps no modes we can rely on). */
const EXECUTABLE = new Set(['.ci/run']);

export interface ScaffoldOptions {
  /** The folder to create the project in; it must be absent or empty. */
  readonly dir: string;
  /** The openenv-ts dependency written to package.json: any npm spec (default: ^ this package's version). */
  readonly frameworkSpec?: string;
  /** The package and environment name (default: the folder's name, made a valid npm name). */
  readonly name?: string;
}

/** A problem the user fixes by choosing another folder or name; `code` is stable. */
export class ScaffoldError extends Error {
  constructor(
    readonly code: 'INIT_TARGET_NOT_EMPTY' | 'INIT_BAD_NAME' | 'INIT_TEMPLATE_MISSING',
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A lower-case npm package name (also a valid Python distribution name) from a folder name. */
export function packageNameOf(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? templateFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

function destinationOf(relative: string): string {
  return relative
    .split('/')
    .map((part) => RENAMED[part] ?? part)
    .join('/');
}

/** Creates the project; returns the files written, relative to the folder, in order. */
export async function scaffoldProject(options: ScaffoldOptions): Promise<string[]> {
  const dir = path.resolve(options.dir);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    throw new ScaffoldError('INIT_TARGET_NOT_EMPTY', `${dir} exists and is not an empty folder; choose a new or empty one`);
  }
  if (!existsSync(TEMPLATE_DIR) || !existsSync(COMPILED_TEMPLATE_DIR)) {
    throw new ScaffoldError('INIT_TEMPLATE_MISSING', `the project template is missing from ${PACKAGE_ROOT} (templates/ and dist/templates/); reinstall openenv-ts`);
  }
  const name = packageNameOf(options.name ?? path.basename(dir));
  if (name === '') throw new ScaffoldError('INIT_BAD_NAME', `cannot make a package name of "${options.name ?? path.basename(dir)}"; pass --name`);
  const own = ownPackage();
  const values: Record<string, string> = {
    PACKAGE_NAME: name,
    ENV_NAME: name,
    FRAMEWORK_SPEC: options.frameworkSpec ?? `^${own.version}`,
    // The plugin's zod must be the framework's (schemas cross between them), so the project asks for the same range.
    ZOD_SPEC: own.dependencies.zod ?? '*',
  };
  const written: string[] = [];
  for (const relative of templateFiles(TEMPLATE_DIR).sort()) {
    const destination = destinationOf(relative);
    const text = readFileSync(path.join(TEMPLATE_DIR, relative), 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (all, key: string) =>
      JSON.stringify(values[key] ?? all).slice(1, -1),
    );
    mkdirSync(path.dirname(path.join(dir, destination)), { recursive: true });
    writeFileSync(path.join(dir, destination), text);
    if (EXECUTABLE.has(destination)) chmodSync(path.join(dir, destination), 0o755);
    written.push(destination);
  }
  // openenv.yaml comes from the project's own manifest and plugins, as `openenv-ts yaml` makes it later. The plugins
  // are not compiled yet (no dependencies are installed), so the package's compiled copy stands in for dist/.
  const compiled = path.join(dir, 'dist');
  precompiledPluginsInto(COMPILED_TEMPLATE_DIR, compiled);
  try {
    await writeGeneratedFiles(dir);
  } finally {
    rmSync(compiled, { recursive: true, force: true });
  }
  written.push('openenv.yaml', 'validation/runtime.json');
  return written;
}
