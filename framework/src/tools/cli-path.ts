// Where the installed `openenv-ts` command's script is, for programs that start the server in a child process.
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** The compiled CLI (the package's `bin`); run it with `node CLI_PATH serve`. */
export const CLI_PATH = path.join(PACKAGE_ROOT, 'dist', 'tools', 'cli.js');
