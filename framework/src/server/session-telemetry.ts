// One /ws socket's validation telemetry: its capability, seed acceptance and a bounded record of reset/step/state as sent.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** OpenEnv's bounds (session_telemetry.py): the snapshot must fit the validator's 8 MiB frame limit. */
export const MAX_TELEMETRY_BYTES = 8 * 1024 * 1024;
export const MAX_TRAJECTORY_RECORDS = 202;
export const MAX_TRAJECTORY_STEPS = 100;
/** Room kept for the snapshot's envelope and seed block, as OpenEnv keeps it. */
const ENVELOPE_RESERVE_BYTES = 4096;

export const BUDGET_EXCEEDED = 'Session telemetry budget exceeded';

export type RecordedOperation = 'reset' | 'step' | 'state';

/** Whether the reset asked for a seed, which one, and whether the episode's scenario was chosen by it. */
export interface SeedAcceptance {
  readonly requested: boolean;
  readonly value: unknown;
  readonly accepted: boolean;
}

/**
 * Records hold the request frame and the reply frame as JSON text, exactly the bytes that crossed the socket
 * (the validator compares them with its own transcript, types included: a re-serialized 1.0 would read back as
 * an int), and are spliced into the snapshot unparsed.
 */
export class SessionTelemetry {
  /** 43 URL-safe characters: what OpenEnv's token_urlsafe(32) gives, inside the validator's 16-256 window. */
  readonly capability = randomBytes(32).toString('base64url');
  private readonly records: string[] = [];
  private readonly attribution: string[] = [];
  private seed: SeedAcceptance | null = null;
  private bytes = 0;
  private steps = 0;
  private complete = true;
  private reason: string | null = null;

  authorized(capability: string): boolean {
    const a = Buffer.from(this.capability);
    const b = Buffer.from(capability);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Adds one answered operation; past a bound the record stops and says it is incomplete. */
  append(operation: RecordedOperation, requestText: string, replyText: string, seed: SeedAcceptance | null = null): void {
    if (!this.complete) return;
    const record = `{"operation":${JSON.stringify(operation)},"request":${requestText},"response":${replyText}}`;
    // OpenEnv attributes each step to its rubric nodes; tasks here expose no rubric tree, so each step's list is empty.
    const attribution = operation === 'step' ? JSON.stringify({ step_index: this.steps, rubric: [] }) : null;
    const seedText = seed ? JSON.stringify(seed) : '';
    const cost = Buffer.byteLength(record) + (attribution ? Buffer.byteLength(attribution) : 0) + Buffer.byteLength(seedText);
    if (
      this.records.length >= MAX_TRAJECTORY_RECORDS ||
      (operation === 'step' && this.steps >= MAX_TRAJECTORY_STEPS) ||
      this.bytes + cost + ENVELOPE_RESERVE_BYTES > MAX_TELEMETRY_BYTES
    ) {
      this.markIncomplete(BUDGET_EXCEEDED);
      return;
    }
    this.bytes += cost;
    this.records.push(record);
    if (seed) this.seed = seed;
    if (attribution) {
      this.attribution.push(attribution);
      this.steps += 1;
    }
  }

  /** The record no longer equals the socket's exchanges (a bound, or episode changes it cannot hold). */
  markIncomplete(reason: string): void {
    if (!this.complete) return;
    this.complete = false;
    this.reason = reason;
  }

  /** The `validation` reply frame, as text. */
  snapshotFrame(): string {
    const trajectory = `{"schema_version":1,"source":"openenv-server","records":[${this.records.join(',')}],"complete":${this.complete},"reason":${JSON.stringify(this.reason)}}`;
    const data = `{"schema_version":1,"seed":${JSON.stringify(this.seed)},"rubric":[],"rubric_error":null,"attribution":[${this.attribution.join(',')}],"trajectory":${trajectory}}`;
    return `{"type":"validation","data":${data}}`;
  }
}
