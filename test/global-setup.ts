// Compiles the framework package and the environment once (tsc -b, project references) before any test file runs,
// so tests that run compiled output (the CLI, the baseline script, the image layout) share fresh dist/ folders.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function compileOnce(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}
