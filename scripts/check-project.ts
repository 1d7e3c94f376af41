// `npm run check`: checks the deployment files as `openenv validate` would, plus openenv.yaml against the plugins.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRepoRoot, openenvYamlDrift } from './generate-openenv-yaml.js';
import { CHECKED_FILES, checkProjectFiles, type Finding } from './project-checks.js';

/** Runs every check: the files on disk, then (loading the plugins) whether openenv.yaml is current. */
export async function checkProject(root: string): Promise<Finding[]> {
  const findings = checkProjectFiles(root);
  try {
    const drift = await openenvYamlDrift(root);
    if (drift && !findings.some((f) => f.file === 'openenv.yaml' && f.message.includes('is missing'))) {
      findings.push({ level: 'error', file: 'openenv.yaml', message: drift });
    }
  } catch (err) {
    findings.push({ level: 'error', file: 'openenv.plugins.json', message: `cannot load the task plugins: ${err instanceof Error ? err.message : String(err)}` });
  }
  return findings;
}

/** The report printed to the terminal. */
export function formatFindings(root: string, findings: Finding[]): string {
  const errors = findings.filter((f) => f.level === 'error');
  const warnings = findings.filter((f) => f.level === 'warning');
  const lines = [`openenv project check of ${root}`];
  for (const f of errors) lines.push(`  ✗ ${f.message}`);
  for (const f of warnings) lines.push(`  ! ${f.message}`);
  const failing = new Set(errors.map((f) => f.file));
  const passing = CHECKED_FILES.filter((f) => !failing.has(f));
  if (passing.length > 0) lines.push(`  ✓ ${passing.join(', ')}`);
  lines.push(
    errors.length === 0
      ? `passed${warnings.length > 0 ? ` with ${warnings.length} warning(s)` : ''}`
      : `failed: ${errors.length} error(s), ${warnings.length} warning(s)`,
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  const root = findRepoRoot();
  const findings = await checkProject(root);
  process.stdout.write(`${formatFindings(root, findings)}\n`);
  return findings.some((f) => f.level === 'error') ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`check-project: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    },
  );
}
