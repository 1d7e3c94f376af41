// How errors look on the wire: FastAPI-style 422 detail lists, JSON bodies with stable codes for the rest.
import { OpenEnvError, describeError, isOverload, retryAfterSeconds, type ErrorCode } from '../contract/errors.js';
import { MAX_DETAIL_ENTRIES, type ValidationDetail } from '../contract/validation-detail.js';
import { MESSAGE_MAX_CHARS, clipPath, clipText, excerpt } from '../contract/input-bounds.js';
import { tallyErrorReply } from './error-tally.js';
import { logPluginFault } from './plugin-fault-log.js';

/** Largest serialized extras (besides the detail list) an error reply carries before they are cut to an excerpt. */
const MAX_EXTRAS_CHARS = 16 * 1024;

/**
 * An error's message, detail list and extras, bounded: whatever a code path quoted from the client's input,
 * the reply stays small and serializable (JSON.stringify recurses and would overflow on deep input).
 */
export function boundedParts(err: OpenEnvError): { message: string; errors: ValidationDetail[] | undefined; extras: Record<string, unknown> } {
  const { errors, ...rest } = err.details as { errors?: ValidationDetail[] } & Record<string, unknown>;
  let extras: Record<string, unknown> = rest;
  try {
    if (JSON.stringify(rest).length > MAX_EXTRAS_CHARS) extras = excerpt(rest) as Record<string, unknown>;
  } catch {
    extras = excerpt(rest) as Record<string, unknown>;
  }
  const bounded = Array.isArray(errors)
    ? errors.slice(0, MAX_DETAIL_ENTRIES + 1).map((d) => ({ type: clipText(String(d.type), 64), loc: clipPath(Array.isArray(d.loc) ? d.loc : [], 128), msg: clipText(String(d.msg), 400), input: excerpt(d.input) }))
    : undefined;
  tallyErrorReply(err.code, isOverload(err));
  logPluginFault(err);
  // The overload contract: every transport tells the client when to retry.
  if (isOverload(err)) extras = { ...extras, retry_after_s: retryAfterSeconds(err as OpenEnvError) };
  return { message: clipText(err.message, MESSAGE_MAX_CHARS), errors: bounded, extras };
}

export interface HttpErrorReply {
  status: number;
  body: Record<string, unknown>;
  /** Retry-After on overload replies (the same seconds as the body's retry_after_s). */
  headers: Record<string, string>;
}

/** The HTTP reply for any thrown value. Unknown errors are 500s that never leak a stack. */
export function httpErrorReply(err: unknown): HttpErrorReply {
  if (err instanceof OpenEnvError) {
    const { message, errors, extras } = boundedParts(err);
    if (err.status === 422) {
      const detail = errors ?? [{ type: err.code.toLowerCase(), loc: ['body'], msg: message, input: null }];
      return { status: 422, body: { detail, code: err.code, message, ...extras }, headers: {} };
    }
    const headers: Record<string, string> = isOverload(err) ? { 'retry-after': String(retryAfterSeconds(err as OpenEnvError)) } : {};
    return { status: err.status, body: { detail: message, code: err.code, hint: err.hint, ...extras }, headers };
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
const SESSION_STATE_CODES = new Set<string>(['EPISODE_NOT_STARTED', 'EPISODE_DONE', 'EPISODE_ABANDONED', 'SESSION_BUSY', 'SESSION_NOT_FOUND', 'EPISODE_ID_IN_USE', 'EPISODE_RUNNING', 'ORCHESTRATOR_ONLY', 'SESSION_REQUIRED', 'SESSION_ATTACHED']);

/**
 * The WebSocket error frame for any thrown value; `reason` carries the framework's own stable code.
 * Bad input is VALIDATION_ERROR; overload (any 503) is CAPACITY_REACHED with retry_after_s; a session that cannot serve the request now (no episode, episode over,
 * queue full) is SESSION_ERROR; a plugin failing while building an episode on reset is FACTORY_ERROR;
 * anything else failing while executing is EXECUTION_ERROR.
 */
export function wsErrorFrame(err: unknown, during: 'reset' | 'other' = 'other'): { type: 'error'; data: Record<string, unknown> } {
  if (err instanceof OpenEnvError) {
    const { message, errors, extras: rest } = boundedParts(err);
    let code: WsErrorCode = 'EXECUTION_ERROR';
    if (err.status === 422) code = 'VALIDATION_ERROR';
    else if (isOverload(err)) code = 'CAPACITY_REACHED';
    else if (SESSION_STATE_CODES.has(err.code)) code = 'SESSION_ERROR';
    else if (err.code === 'PLUGIN_ERROR' && during === 'reset') code = 'FACTORY_ERROR';
    const data: Record<string, unknown> = { message, code, reason: err.code as ErrorCode, ...rest };
    if (code === 'VALIDATION_ERROR') data.errors = errors ?? [];
    return { type: 'error', data };
  }
  return { type: 'error', data: { message: clipText(`Internal error: ${describeError(err)}`, MESSAGE_MAX_CHARS), code: during === 'reset' ? 'FACTORY_ERROR' : 'EXECUTION_ERROR', reason: 'INTERNAL_ERROR' } };
}

export function wsError(code: WsErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { type: 'error' as const, data: { message, code, ...extra } };
}
