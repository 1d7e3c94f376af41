// `openenv-ts validate-url URL`: the deployment criteria of `openenv validate --url`, checked against a running server.
import { formatRuntimeChecks, validateRuntime } from '../runtime-validator.js';
import { USAGE } from './usage.js';

export async function validateUrlCommand(url: string | undefined): Promise<number> {
  if (!url || !/^https?:\/\//.test(url)) {
    process.stderr.write(`openenv-ts: validate-url needs an http(s) URL\n${USAGE}\n`);
    return 2;
  }
  const checks = await validateRuntime(url);
  process.stdout.write(`${formatRuntimeChecks(url, checks)}\n`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
