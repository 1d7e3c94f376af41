// `openenv-ts init DIR [--framework SPEC] [--name NAME]`: creates a new environment project and says what to run next.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { scaffoldProject } from '../scaffold/scaffold.js';
import { USAGE } from './usage.js';

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { framework: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    process.stderr.write(`openenv-ts: init needs exactly one folder\n${USAGE}\n`);
    return 2;
  }
  const given = positionals[0]!;
  const dir = path.resolve(given);
  const files = await scaffoldProject({ dir, frameworkSpec: values.framework, name: values.name });
  process.stdout.write(`openenv-ts: created ${files.length} files in ${dir}\n\nnext:\n  cd ${given}\n  npm install && npm test\n  npm start\n`);
  return 0;
}
