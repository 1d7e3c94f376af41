// How errors look on the wire: FastAPI-style 422 detail lists, JSON bodies with stable codes for the rest.
import { OpenEnvError, describeError, type ErrorCode } from '../errors.js';
import type { ValidationDetail } from '../validation-detail.js';

export interface HttpErrorReply {
  status: number;
  body: Record<string, unknown>;
}

/** The HTTP reply for any thrown value. Unknown errors are 500s that never leak a stack. */
export function httpErrorReply(err: unknown): HttpErrorReply {
  if (err instanceof OpenEnvError) {
    const { errors, ...rest } = err.details as { errors?: ValidationDetail[] } & Record<string, unknown>;
    if (err.status === 422) {
      const detail = errors ?? [{ type: err.code.toLowerCase(), loc: ['body'], msg: err.message, input: null }];
      return { status: 422, body: { detail, code: err.code, message: err.message, ...rest } };
    }
    return { status: err.status, body: { detail: err.message, code: err.code, hint: err.hint, ...rest } };
  }
  return httpErrorReply(new OpenEnvError('INTERNAL_ERROR', `Internal server error: ${describeError(err)}`));
}

/** The WebSocket error codes of the OpenEnv contract. */
export type WsErrorCode =
  | 'INVALID_JSON'
  | 'UNKNOWN_TYPE'
  | 'VALIDATION_ERROR'
  | 'EXECUTION_ERROR'
  | 'CAPACITY_REACHED'
  | 'FACTORY_ERROR'
  | 'SESSION_ERROR';

/** Framework codes that mean the session cannot serve the request in its current state. */
const SESSION_STATE_CODES = new Set<string>(['EPISODE_NOT_STARTED', 'EPISODE_DONE', 'EPISODE_ABANDONED', 'SESSION_BUSY', 'SESSION_NOT_FOUND', 'SESSION_LIMIT', 'EPISODE_ID_IN_USE', 'EPISODE_RUNNING', 'ORCHESTRATOR_ONLY', 'SESSION_REQUIRED']);

/**
 * The WebSocket error frame for any thrown value; `reason` carries the framework's own stable code.
 * Bad input is VALIDATION_ERROR; a session that cannot serve the request now (no episode, episode over,
 * queue full) is SESSION_ERROR; a plugin failing while building an episode on reset is FACTORY_ERROR;
 * anything else failing while executing is EXECUTION_ERROR.
 */
export function wsErrorFrame(err: unknown, during: 'reset' | 'other' = 'other'): { type: 'error'; data: Record<string, unknown> } {
  if (err instanceof OpenEnvError) {
    const { errors, ...rest } = err.details as { errors?: ValidationDetail[] } & Record<string, unknown>;
    let code: WsErrorCode = 'EXECUTION_ERROR';
    if (err.status === 422) code = 'VALIDATION_ERROR';
    else if (SESSION_STATE_CODES.has(err.code)) code = 'SESSION_ERROR';
    else if (err.code === 'PLUGIN_ERROR' && during === 'reset') code = 'FACTORY_ERROR';
    const data: Record<string, unknown> = { message: err.message, code, reason: err.code as ErrorCode, ...rest };
    if (code === 'VALIDATION_ERROR') data.errors = errors ?? [];
    return { type: 'error', data };
  }
  return { type: 'error', data: { message: `Internal error: ${describeError(err)}`, code: during === 'reset' ? 'FACTORY_ERROR' : 'EXECUTION_ERROR', reason: 'INTERNAL_ERROR' } };
}

export function wsError(code: WsErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { type: 'error' as const, data: { message, code, ...extra } };
}
