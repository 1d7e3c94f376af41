// The baseline's stdout format, exactly: the [START]/[STEP]/[END] lines, and the writers of stdout and stderr.

/** Printed when nothing better is known; the lower end of the framework's default score bounds. */
export const FALLBACK_BOUNDS = { min: 0.001, max: 0.999 };

/** Any text on one line: line breaks and runs of whitespace around them become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').replace(/\t/g, ' ').trim();
}

/** Text cut to `max` characters, saying how much was cut, so one long value cannot flood a prompt or a log line. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}... (${value.length - max} more characters)`;
}

/** A name field (task, env, model) must be one token: whitespace becomes "_". */
function token(value: string): string {
  return oneLine(value).replace(/\s+/g, '_') || 'unknown';
}

export function formatReward(reward: number): string {
  const fixed = (Number.isFinite(reward) ? reward : 0).toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

/** A score clamped into the bounds and never printed as 0.000 or 1.000. */
export function formatScore(score: number | null, bounds: { min: number; max: number } = FALLBACK_BOUNDS): string {
  const low = Math.max(bounds.min, FALLBACK_BOUNDS.min);
  const high = Math.min(bounds.max, FALLBACK_BOUNDS.max);
  const value = score !== null && Number.isFinite(score) ? Math.min(high, Math.max(low, score)) : low;
  const fixed = value.toFixed(3);
  if (fixed === '0.000') return '0.001';
  if (fixed === '1.000') return '0.999';
  return fixed;
}

export function formatStart(task: string, env: string, model: string): string {
  return `[START] task=${token(task)} env=${token(env)} model=${token(model)}`;
}

export function formatStep(step: number, action: string, reward: number, done: boolean, error: string | null): string {
  const err = error === null || oneLine(error) === '' ? 'null' : oneLine(error);
  return `[STEP] step=${step} action=${oneLine(action) || 'null'} reward=${formatReward(reward)} done=${done} error=${err}`;
}

export function formatEnd(success: boolean, steps: number, score: string, rewards: number[]): string {
  return `[END] success=${success} steps=${steps} score=${score} rewards=${rewards.map(formatReward).join(',')}`;
}

/**
 * The only writer of stdout; everything else (console.log included, see the entry point in inference.ts) goes
 * to stderr. Bound when this module loads, before the entry point redirects process.stdout.write to stderr.
 */
export const writeStdout: (text: string, done?: () => void) => boolean = process.stdout.write.bind(process.stdout);

export function emit(line: string): void {
  writeStdout(`${line}\n`);
}

export function note(message: string): void {
  process.stderr.write(`[baseline] ${message}\n`);
}
