// Starts the environment's real server on a loopback port, with default settings, for the audit panel's policies.
import type { Environment } from '../../runtime/environment.js';
import { buildServer, type ServerOptions } from '../../server/app.js';
import { HttpAgent } from './http-agent.js';

export interface LiveServer {
  readonly url: string;
  readonly agent: HttpAgent;
  close(): Promise<void>;
}

/** Settings are the defaults unless the caller overrides them (the panel's self-tests switch defences off). */
export async function startLiveServer(env: Environment, options: ServerOptions = {}): Promise<LiveServer> {
  const built = await buildServer(env, { webInterface: false, ...options });
  const url = await built.app.listen({ port: 0, host: '127.0.0.1' });
  return { url, agent: new HttpAgent(url), close: () => built.app.close() };
}
