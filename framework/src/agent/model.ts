// The model: an OpenAI-compatible chat-completions client with a per-request timeout, retry and exponential backoff.
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type { BaselineConfig } from './config.js';
import { note, oneLine } from './log-format.js';
import { sleep } from './sleep.js';

/** A chat message as the chat-completions API takes it. */
export type Message = { role: 'system' | 'user' | 'assistant'; content: string };

/** A completion's text, or why there is none after the retries. */
export type ModelReply = { ok: true; text: string } | { ok: false; error: string };

/** Errors worth another try: no reply, timeouts, rate limits and server-side failures. */
function retryable(err: unknown): boolean {
  if (err instanceof APIUserAbortError) return false;
  if (err instanceof APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (err instanceof APIError) return err.status === undefined || [408, 409, 425, 429].includes(err.status) || err.status >= 500;
  return false;
}

function describeModelError(err: unknown): string {
  if (err instanceof APIError && err.status !== undefined) return `HTTP ${err.status}: ${oneLine(err.message)}`;
  if (err instanceof Error) {
    // fetch hides the real reason (ENOTFOUND, ECONNREFUSED, a bad port) a few causes deep.
    const reasons: string[] = [];
    for (let cause = (err as { cause?: unknown }).cause, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
      const { code, message } = cause as { code?: unknown; message?: unknown };
      reasons.push(typeof code === 'string' ? code : String(message ?? cause));
    }
    return oneLine(reasons.length > 0 ? `${err.message} (${reasons.join(': ')})` : err.message);
  }
  return String(err);
}

/** Time left before the deadline under which a model request is not worth starting, nor a backoff that would leave less. */
const DEADLINE_MARGIN_MS = 250;

export class Model {
  private readonly client: OpenAI;
  calls = 0;

  constructor(private readonly config: BaselineConfig) {
    // A missing key is not fatal: local endpoints need none, and a remote one answers 401, which ends the
    // task with a complete block instead of a crash.
    this.client = new OpenAI({ baseURL: config.apiBaseUrl, apiKey: config.apiKey ?? 'no-key-set', maxRetries: 0, timeout: config.modelTimeoutMs });
  }

  async complete(messages: Message[], deadline: number, stop: AbortSignal): Promise<ModelReply> {
    let lastError = 'no attempt made: the time budget was already spent';
    for (let attempt = 0; attempt <= this.config.modelRetries; attempt++) {
      const left = deadline - Date.now();
      if (left < DEADLINE_MARGIN_MS || stop.aborted) break;
      if (attempt > 0) note(`model: retry ${attempt}/${this.config.modelRetries} after: ${lastError}`);
      // A request-scoped signal: the OpenAI client leaves its listener on the signal it is given.
      const request = new AbortController();
      const abort = () => request.abort();
      stop.addEventListener('abort', abort, { once: true });
      try {
        this.calls += 1;
        const completion = await this.client.chat.completions.create(
          {
            model: this.config.modelName,
            messages,
            temperature: this.config.temperature,
            max_tokens: this.config.maxTokens,
            ...(this.config.jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
          },
          { timeout: Math.min(this.config.modelTimeoutMs, left), maxRetries: 0, signal: request.signal },
        );
        const content = completion.choices?.[0]?.message?.content;
        return { ok: true, text: typeof content === 'string' ? content : '' };
      } catch (err) {
        lastError = describeModelError(err);
        if (!retryable(err)) return { ok: false, error: lastError };
      } finally {
        stop.removeEventListener('abort', abort);
      }
      const backoff = this.config.retryBaseMs * 2 ** attempt;
      if (attempt < this.config.modelRetries && Date.now() + backoff < deadline - DEADLINE_MARGIN_MS) await sleep(backoff, stop);
    }
    return { ok: false, error: lastError };
  }
}
