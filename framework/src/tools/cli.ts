#!/usr/bin/env node
// The `openenv-ts` command: serve (default), tasks, audit, yaml, init, validate-url, collect, replay, export, help.
import 'reflect-metadata';
import { OpenEnvError } from '../contract/errors.js';
import { createEnvironment } from '../runtime/environment.js';
import { auditCommand } from './cli/audit-command.js';
import { initCommand } from './cli/init-command.js';
import { datasetCommand } from './cli/dataset-command.js';
import { serveCommand, serveWorkersCommand, workersRequested } from './cli/serve-command.js';
import { tasksCommand } from './cli/tasks-command.js';
import { USAGE } from './cli/usage.js';
import { validateUrlCommand } from './cli/validate-url-command.js';
import { yamlCommand } from './cli/yaml-command.js';

/** Runs a command; returns its exit code, or -1 when the process keeps running (serve). */
async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case 'validate-url':
      return validateUrlCommand(rest[0]);
    case 'yaml':
      return yamlCommand(rest);
    case 'init':
      return initCommand(rest);
    case 'tasks':
      return tasksCommand(await createEnvironment());
    case 'audit':
      return auditCommand(await createEnvironment(), rest);
    case 'serve': {
      const workers = workersRequested(rest);
      if (workers > 1) await serveWorkersCommand(workers);
      else await serveCommand(await createEnvironment());
      return -1;
    }
    case 'collect':
    case 'replay':
    case 'export':
      return datasetCommand(command, rest);
    default:
      process.stderr.write(`openenv-ts: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

// Stacks of plugin errors name the .ts line, not dist/: plugins are imported after this line, so their source
// maps (tsc emits them beside the compiled files) are read as they load.
process.setSourceMapsEnabled(true);

// `openenv-ts tasks | head -1` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof OpenEnvError ? `${err.code}: ${err.message}\n  hint: ${err.hint}` : err instanceof Error ? err.message : String(err);
    // Commands that load the environment cannot start without it; the others (init, yaml) name themselves.
    const what = argv[0] === 'init' || argv[0] === 'yaml' ? `${argv[0]} failed` : 'cannot start';
    process.stderr.write(`openenv-ts: ${what}: ${message}\n`);
    process.exitCode = 1;
  },
);
