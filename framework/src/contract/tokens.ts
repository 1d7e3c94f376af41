// Injection tokens for framework services, so constructors use explicit @inject(TOKEN) under every compiler.
export const TOKENS = {
  /** The LoadedManifest being served (e.g. `constructor(@inject(TOKENS.Manifest) manifest: LoadedManifest)`). */
  Manifest: Symbol.for('openenv:manifest'),
} as const;
