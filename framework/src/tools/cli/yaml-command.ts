// `openenv-ts yaml [--check] [--manifest FILE]`: writes (or checks) the generated files of the project the manifest belongs to.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_FILE } from '../../contract/manifest.js';
import { RUNTIME_PLAN_FILE } from '../openenv-validation.js';
import { OPENENV_YAML, generatedFilesDrift, writeGeneratedFiles } from '../openenv-yaml.js';

export async function yamlCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { check: { type: 'boolean', default: false }, manifest: { type: 'string' } } });
  // The current project's manifest, never this package's: the generated files sit beside it.
  const manifestPath = path.resolve(values.manifest ?? process.env.OPENENV_MANIFEST ?? MANIFEST_FILE);
  const root = path.dirname(manifestPath);
  if (values.check) {
    const drift = await generatedFilesDrift(root, manifestPath);
    if (drift.length > 0) {
      process.stderr.write(`${drift.join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`${OPENENV_YAML} and ${RUNTIME_PLAN_FILE} are up to date\n`);
    return 0;
  }
  process.stdout.write(`${await writeGeneratedFiles(root, manifestPath)}\n`);
  return 0;
}
