// Builds the server for an environment and starts listening; the CLI reads PORT/HOST and handles signals.
import type { Environment } from '../runtime/environment.js';
import { buildServer, type BuiltServer, type ServerOptions } from './app.js';

export interface ListenOptions extends ServerOptions {
  readonly port?: number;
  readonly host?: string;
}

/** Parses PORT; a bad value is a start-up error that names the variable. */
/** The port OpenEnv containers listen on (the official client maps it with docker run -p <free>:8000). */
export const DEFAULT_PORT = 8000;

export function portFrom(value: string | undefined, fallback = DEFAULT_PORT): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0-65535, got "${value}"`);
  return port;
}

export async function serve(env: Environment, options: ListenOptions = {}): Promise<BuiltServer & { url: string }> {
  const built = await buildServer(env, options);
  const url = await built.app.listen({ port: options.port ?? DEFAULT_PORT, host: options.host ?? '0.0.0.0' });
  return { ...built, url };
}
