// Writes plugin bugs to the server's stderr by default, with the stack of what the plugin threw.
import type { OpenEnvError } from '../contract/errors.js';

/** Codes that mean "the plugin is wrong", which the plugin's author must see even when LOG_LEVEL is unset. */
const PLUGIN_FAULT_CODES = new Set<string>(['PLUGIN_ERROR', 'PLUGIN_OBSERVATION_INVALID']);

/** Faults whose stack was already printed, so a bug hit on every step prints its stack once, then one line each. */
const printedStacks = new Set<string>();

/** Bounds the set above: an agent that finds endless distinct failures cannot grow it without limit. */
const MAX_REMEMBERED_FAULTS = 1000;

/**
 * Logs a plugin fault on stderr: the reply tells the client only the message, and the fastify logger is off
 * unless LOG_LEVEL is set, so without this a throwing generate() left no trace on the server. The stack is the
 * thrown error's (its cause); the CLI enables source maps, so its frames name the plugin's .ts lines.
 */
export function logPluginFault(err: OpenEnvError): void {
  if (!PLUGIN_FAULT_CODES.has(err.code)) return;
  // Only what the plugin threw has a stack worth reading; a fault the framework detected (a bad grade or
  // observation) is fully described by its message, which names the file.
  const stack = err.cause instanceof Error ? err.cause.stack ?? '' : '';
  const key = `${err.code} ${err.message} ${stack.split('\n')[1] ?? ''}`;
  if (printedStacks.has(key)) {
    process.stderr.write(`openenv-ts: plugin fault (again): ${err.code}: ${err.message}\n`);
    return;
  }
  if (printedStacks.size < MAX_REMEMBERED_FAULTS) printedStacks.add(key);
  process.stderr.write(`openenv-ts: plugin fault: ${err.code}: ${err.message}\n${stack ? `${indent(stack)}\n` : ''}`);
}

function indent(text: string): string {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}
