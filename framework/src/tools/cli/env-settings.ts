// Server settings read from environment variables: positive numbers and on/off switches, refused by name when malformed.

/** An optional positive number from the environment; a bad value stops start-up naming the variable. */
export function positiveNumberFrom(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function secondsToMs(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

/** A boolean switch from the environment; unset means the fallback, and anything but a clear yes or no stops start-up. */
export function envFlag(name: string, fallback: boolean): boolean;
export function envFlag(name: string, fallback: undefined): boolean | undefined;
export function envFlag(name: string, fallback: boolean | undefined): boolean | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}
