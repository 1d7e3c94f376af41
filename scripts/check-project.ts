// `npm run check`: what `openenv validate --level static` reads and the deployment files, plus generated-file drift.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRepoRoot, generatedFilesDrift } from 'openenv-ts/tools';
import { CHECKED_FILES, checkProjectFiles, type Finding } from './project-checks.js';

/** Runs every check: the files on disk, then (loading the plugins) whether the generated files are current. */
export async function checkProject(root: string): Promise<Finding[]> {
  const findings = checkProjectFiles(root);
  try {
    for (const drift of await generatedFilesDrift(root)) {
      const file = drift.split(' ')[0]!;
      if (!findings.some((f) => f.file === file && f.message.includes('is missing'))) findings.push({ level: 'error', file, message: drift });
    }
  } catch (err) {
    findings.push({ level: 'error', file: 'openenv.plugins.json', message: `cannot load the task plugins: ${err instanceof Error ? err.message : String(err)}` });
  }
  return findings;
}

/** pass, warn (warnings only) or fail (an error), as `openenv validate` words its verdict. */
export function verdictOf(findings: Finding[]): 'pass' | 'warn' | 'fail' {
  if (findings.some((f) => f.level === 'error')) return 'fail';
  return findings.length > 0 ? 'warn' : 'pass';
}

/** The report printed to the terminal, laid out like `openenv validate`'s: a status per file, then the verdict. */
export function formatFindings(root: string, findings: Finding[]): string {
  const lines = [`openenv project check of ${root} (the files \`openenv validate\` and the Space read; it runs nothing)`];
  const failing = new Set(findings.filter((f) => f.level === 'error').map((f) => f.file));
  for (const f of findings.filter((x) => x.level === 'error')) lines.push(`  FAIL  ${f.file}`, `          ${f.message}`);
  for (const f of findings.filter((x) => x.level === 'warning')) lines.push(`  WARN  ${f.file}`, `          ${f.message}`);
  const passing = CHECKED_FILES.filter((f) => !failing.has(f));
  if (passing.length > 0) lines.push(`  PASS  ${passing.join(', ')}`);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  lines.push(`Verdict: ${verdictOf(findings).toUpperCase()}${findings.length > 0 ? ` (${errors} error(s), ${warnings} warning(s))` : ''}`);
  return lines.join('\n');
}

/** Exit codes as `openenv validate` uses them: 0 pass or warn, 1 fail, 3 internal error. */
export const EXIT_CODES = { pass: 0, warn: 0, fail: 1, internal: 3 } as const;

async function main(): Promise<number> {
  const root = findRepoRoot();
  const findings = await checkProject(root);
  process.stdout.write(`${formatFindings(root, findings)}\n`);
  return EXIT_CODES[verdictOf(findings)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`check-project: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(EXIT_CODES.internal);
    },
  );
}
