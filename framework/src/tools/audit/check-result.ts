// One check's outcome in the shape of OpenEnv's report schema 2 (CheckResult), plus where it was measured.

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface CheckResult {
  readonly check_id: string;
  readonly status: CheckStatus;
  readonly duration_s: number;
  readonly measured: Record<string, unknown>;
  /** Credential-safe lines; a failing check names the policy and the seed (split index) that breached. */
  readonly evidence: string[];
  readonly remediation: string | null;
}

/** Times `work` and stamps its duration on the result. */
export async function timed(work: () => Promise<Omit<CheckResult, 'duration_s'>>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const result = await work();
    return { ...result, duration_s: round((performance.now() - started) / 1000) };
  } catch (err) {
    return {
      check_id: 'audit.internal',
      status: 'error',
      duration_s: round((performance.now() - started) / 1000),
      measured: {},
      evidence: [`the check crashed: ${(err as Error).message}`],
      remediation: 'A task plugin or the server failed during the audit; the message names it.',
    };
  }
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
