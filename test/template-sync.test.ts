// The project template ships copies of this repository's baseline entry point and Python launcher: they must stay identical.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/start-server.js';

const TEMPLATE = path.join(ROOT, 'framework', 'templates', 'project');
// The baseline entry point (the agent itself is openenv-ts/agent) and the launcher know nothing of any task, so one copy serves both.
const SHARED = ['inference.ts', 'server/app.py', 'server/__init__.py'];

describe('framework/templates/project', () => {
  it.each(SHARED)('%s is the same as in this repository (copy it over after changing it here)', (file) => {
    expect(readFileSync(path.join(TEMPLATE, file), 'utf8')).toBe(readFileSync(path.join(ROOT, file), 'utf8'));
  });
});
