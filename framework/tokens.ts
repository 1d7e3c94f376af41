// Injection tokens for framework services, so constructors use explicit @inject(TOKEN) under every compiler.
export const TOKENS = {
  Manifest: Symbol.for('openenv:manifest'),
  Registry: Symbol.for('openenv:registry'),
} as const;
