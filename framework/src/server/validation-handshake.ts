// The validation_open / validation_read messages of /ws: strict parsing and refusals that never echo a credential.
import { timingSafeEqual } from 'node:crypto';
import { OpenEnvError } from '../contract/errors.js';
import { SessionTelemetry } from './session-telemetry.js';

export const VALIDATION_MESSAGE_TYPES = ['validation_open', 'validation_read'] as const;

/** OpenEnv's bounds on the server token, the client's token and the capability (counted in characters). */
export const MIN_VALIDATION_SECRET = 32;
export const MAX_VALIDATION_SECRET = 256;

function characters(value: string): number {
  return [...value].length;
}

/**
 * The server's validation token from configuration. OpenEnv silently disables telemetry for a token of the
 * wrong length; a server here refuses to start instead, so a validator never meets a server that was meant to
 * serve telemetry and quietly does not.
 */
export function validationTokenFrom(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  const length = characters(value);
  if (length < MIN_VALIDATION_SECRET || length > MAX_VALIDATION_SECRET) {
    throw new OpenEnvError('INVALID_REQUEST', `OPENENV_VALIDATION_TOKEN must be ${MIN_VALIDATION_SECRET}-${MAX_VALIDATION_SECRET} characters, got ${length}`);
  }
  return value;
}

/** What a socket knows when a validation message arrives. */
export interface ValidationSocketState {
  /** The server's token; null when telemetry is off. */
  readonly token: string | null;
  /** False for a socket attached to an existing session: its earlier history is not on this socket. */
  readonly ownsSession: boolean;
  /** Whether a reset, step or state (or an MCP call that changes the episode) came first. */
  readonly operationsStarted: boolean;
  readonly telemetry: SessionTelemetry | null;
}

/** The reply text, and the telemetry the socket holds from now on. */
export interface ValidationAnswer {
  readonly frame: string;
  readonly telemetry: SessionTelemetry | null;
}

function refusal(message: string): string {
  return JSON.stringify({ type: 'error', data: { message, code: 'VALIDATION_ERROR', reason: 'VALIDATION_REFUSED' } });
}

/**
 * Reads `{"type", "data": {"schema_version": 1, <secret>}}` with nothing else in it, as OpenEnv's strict models
 * do; returns the secret or a problem that names fields only, never their values.
 */
function readSecret(message: Record<string, unknown>, field: 'token' | 'capability'): { secret: string } | { problem: string } {
  const extra = Object.keys(message).filter((key) => key !== 'type' && key !== 'data');
  if (extra.length > 0) return { problem: `unexpected field(s) ${extra.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` };
  const data = message.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: '"data" must be an object' };
  const fields = data as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => key !== 'schema_version' && key !== field);
  if (unknown.length > 0) return { problem: `unexpected data field(s) ${unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` };
  if (fields.schema_version !== 1) return { problem: 'data.schema_version must be 1' };
  const secret = fields[field];
  if (typeof secret !== 'string') return { problem: `data.${field} must be a string` };
  const length = characters(secret);
  if (length < MIN_VALIDATION_SECRET || length > MAX_VALIDATION_SECRET) return { problem: `data.${field} must be ${MIN_VALIDATION_SECRET}-${MAX_VALIDATION_SECRET} characters` };
  return { secret };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Answers one validation message (type already known to be one of VALIDATION_MESSAGE_TYPES). */
export function answerValidation(type: string, message: Record<string, unknown> | null, state: ValidationSocketState): ValidationAnswer {
  const refuse = (why: string): ValidationAnswer => ({ frame: refusal(why), telemetry: state.telemetry });
  if (state.token === null) return refuse('Validation telemetry is not enabled on this server (OPENENV_VALIDATION_TOKEN)');
  if (!state.ownsSession) return refuse('Validation telemetry is only served on a /ws socket with a session of its own, not one attached with ?session_id=');
  if (message === null) return refuse(`Malformed ${type} message`);
  if (type === 'validation_open') {
    const read = readSecret(message, 'token');
    if ('problem' in read) return refuse(`Malformed validation_open: ${read.problem}`);
    if (state.telemetry !== null) return refuse('validation_open was already accepted on this socket');
    if (state.operationsStarted) return refuse('validation_open must come before any reset, step or state on this socket');
    if (!sameSecret(read.secret, state.token)) return refuse('Validation unauthorized');
    const telemetry = new SessionTelemetry();
    return { frame: JSON.stringify({ type: 'validation_open', data: { schema_version: 1, capability: telemetry.capability } }), telemetry };
  }
  const read = readSecret(message, 'capability');
  if ('problem' in read) return refuse(`Malformed validation_read: ${read.problem}`);
  if (state.telemetry === null || !state.telemetry.authorized(read.secret)) return refuse('Validation unauthorized');
  return { frame: state.telemetry.snapshotFrame(), telemetry: state.telemetry };
}
