// `openenv-ts collect | replay | export`: the dataset commands, with usage errors reported as exit code 2.
import { createEnvironment } from '../../runtime/environment.js';
import { DatasetUsageError, collectCommand, exportCommand, replayCommand } from '../../trajectories/commands.js';
import { USAGE } from './usage.js';

const COMMANDS = { collect: collectCommand, replay: replayCommand, export: exportCommand } as const;

/** Runs one dataset command; a bad argument prints the usage and returns 2. */
export async function datasetCommand(command: keyof typeof COMMANDS, args: string[]): Promise<number> {
  try {
    return await COMMANDS[command](await createEnvironment(), args);
  } catch (err) {
    if (!(err instanceof DatasetUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw err;
    process.stderr.write(`openenv-ts ${command}: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
}
