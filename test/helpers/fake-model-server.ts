// A scripted OpenAI-compatible chat-completions server for the baseline tests: records every call, answers from a policy.
import net from 'node:net';
import Fastify from 'fastify';

/** A loopback URL where nothing listens (a port just freed), to test unreachable endpoints. */
export async function closedUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface ChatMessage {
  role: string;
  content: string;
}

export interface RecordedCall {
  index: number;
  model: string;
  authorization: string | undefined;
  messages: ChatMessage[];
  /** The task id named in the system prompt ("Task: <id> - ..."), or null. */
  taskId: string | null;
  /** The last user message (the repair request on a repair call). */
  user: string;
  /** The first user message: the observation the agent is acting on. */
  observation: string;
  /** True when this call is a repair request (the conversation holds an earlier assistant reply). */
  repair: boolean;
  body: Record<string, unknown>;
}

/** What the server does for one call. */
export type FakeReply =
  | { content: string; delayMs?: number }
  | { status: number; message?: string };

export type Policy = (call: RecordedCall) => FakeReply | Promise<FakeReply>;

export interface FakeModelServer {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export async function startFakeModel(policy: Policy): Promise<FakeModelServer> {
  const app = Fastify({ logger: false });
  const calls: RecordedCall[] = [];
  app.post('/v1/chat/completions', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const messages = (Array.isArray(body.messages) ? body.messages : []) as ChatMessage[];
    const system = messages.find((m) => m.role === 'system')?.content ?? '';
    const call: RecordedCall = {
      index: calls.length,
      model: String(body.model),
      authorization: request.headers.authorization,
      messages,
      taskId: /^Task: (\S+)/m.exec(system)?.[1] ?? null,
      user: [...messages].reverse().find((m) => m.role === 'user')?.content ?? '',
      observation: messages.find((m) => m.role === 'user')?.content ?? '',
      repair: messages.some((m) => m.role === 'assistant'),
      body,
    };
    calls.push(call);
    const answer = await policy(call);
    if ('status' in answer) {
      return reply.status(answer.status).send({ error: { message: answer.message ?? `scripted HTTP ${answer.status}`, type: 'server_error' } });
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    return reply.send({
      id: `chatcmpl-${call.index}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: call.model,
      choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${url}/v1`, calls, close: () => app.close() };
}

/**
 * A policy that plays from a per-task queue of scripted replies first, then falls back to `otherwise`.
 * Queue entries may be functions of the call (to build a good action from the observation).
 */
export function scripted(queues: Record<string, Array<FakeReply | Policy>>, otherwise: Policy): Policy {
  const left = new Map(Object.entries(queues).map(([task, replies]) => [task, [...replies]]));
  return (call) => {
    const queue = call.taskId ? left.get(call.taskId) : undefined;
    const next = queue?.shift();
    if (next === undefined) return otherwise(call);
    return typeof next === 'function' ? next(call) : next;
  };
}
