// Test runner configuration: plugin tests sit beside their plugin, framework tests under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // tsc once, before every test file: several tests run the compiled output.
    globalSetup: ['test/global-setup.ts'],
  },
});
