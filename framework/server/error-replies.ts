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
  return {
    status: 500,
    body: { detail: `Internal server error: ${describeError(err)}`, code: 'INTERNAL_ERROR' },
  };
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

/** The WebSocket error frame for any thrown value; `reason` carries the framework's own stable code. */
export function wsErrorFrame(err: unknown): { type: 'error'; data: Record<string, unknown> } {
  if (err instanceof OpenEnvError) {
    const { errors, ...rest } = err.details as { errors?: ValidationDetail[] } & Record<string, unknown>;
    const code: WsErrorCode = err.status === 422 ? 'VALIDATION_ERROR' : err.code === 'SESSION_NOT_FOUND' ? 'SESSION_ERROR' : 'EXECUTION_ERROR';
    const data: Record<string, unknown> = { message: err.message, code, reason: err.code as ErrorCode, ...rest };
    if (code === 'VALIDATION_ERROR') data.errors = errors ?? [];
    return { type: 'error', data };
  }
  return { type: 'error', data: { message: `Internal error: ${describeError(err)}`, code: 'EXECUTION_ERROR', reason: 'INTERNAL_ERROR' } };
}

export function wsError(code: WsErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { type: 'error' as const, data: { message, code, ...extra } };
}
