// The project template ships copies of this repository's baseline and Python launcher: they must stay identical.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/start-server.js';

const TEMPLATE = path.join(ROOT, 'framework', 'templates', 'project');
// The baseline and the launcher know nothing of any task and import only public framework paths, so one copy serves both.
const SHARED = ['inference.ts', 'server/app.py', 'server/__init__.py', ...readdirSync(path.join(ROOT, 'baseline')).map((f) => `baseline/${f}`)];

describe('framework/templates/project', () => {
  it.each(SHARED)('%s is the same as in this repository (copy it over after changing it here)', (file) => {
    expect(readFileSync(path.join(TEMPLATE, file), 'utf8')).toBe(readFileSync(path.join(ROOT, file), 'utf8'));
  });

  it('ships no baseline file this repository does not have', () => {
    expect(readdirSync(path.join(TEMPLATE, 'baseline')).sort()).toEqual(readdirSync(path.join(ROOT, 'baseline')).sort());
  });
});
