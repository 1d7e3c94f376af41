// openenv.yaml never drifts from the task registry: the committed file equals a fresh generation.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MANIFEST_FILE, loadPlugins, readManifest } from 'openenv-ts';
import { OPENENV_YAML, driftMessage, generateOpenenvYaml, openenvYamlDrift, sourceModule } from 'openenv-ts/tools';

const root = path.resolve(import.meta.dirname, '../..');

interface YamlTask {
  id: string;
  name: string;
  difficulty: string;
  description: string;
  max_steps: number;
  grader: { endpoint: string; module: string };
}

describe('openenv.yaml', () => {
  it('equals a fresh generation from the registry (regenerate with npm run openenv:yaml)', async () => {
    expect(await openenvYamlDrift(root)).toBeNull();
  });

  it('lists every registered task with its metadata, grader endpoint and plugin module', async () => {
    const loaded = readManifest(path.join(root, MANIFEST_FILE));
    const registry = await loadPlugins(loaded, container.createChildContainer());
    const doc = parse(await generateOpenenvYaml(root)) as { tasks: YamlTask[] } & Record<string, unknown>;
    expect(doc).toMatchObject({ spec_version: 1, name: loaded.manifest.name, type: 'space', port: 8000 });
    expect(typeof doc.runtime).toBe('string');
    expect(typeof doc.app).toBe('string');
    expect(doc.tasks.map((t) => t.id)).toEqual(registry.ids());
    for (const task of registry.list()) {
      const entry = doc.tasks.find((t) => t.id === task.metadata.id)!;
      expect(entry).toEqual({
        id: task.metadata.id,
        name: task.metadata.title,
        difficulty: task.metadata.difficulty,
        description: task.metadata.description,
        max_steps: task.metadata.maxSteps,
        grader: { endpoint: 'POST /grader', module: expect.stringMatching(/^plugins\/[^/]+\/plugin\.ts$/) },
      });
      expect(readFileSync(path.join(root, entry.grader.module), 'utf8')).toContain(`id: '${task.metadata.id}'`);
    }
  });

  it('names the TypeScript module even when the loader ran from compiled dist/', () => {
    expect(sourceModule(root, path.join(root, 'dist/plugins/echo/plugin.js'))).toBe('plugins/echo/plugin.ts');
    expect(sourceModule(root, path.join(root, 'plugins/echo/plugin.ts'))).toBe('plugins/echo/plugin.ts');
  });

  it('reports a stale or missing file with the line that differs and the command that fixes it', () => {
    const expected = readFileSync(path.join(root, OPENENV_YAML), 'utf8');
    expect(driftMessage(expected, expected)).toBeNull();
    const stale = expected.replace(/max_steps: (\d+)/, (_, n: string) => `max_steps: ${Number(n) + 1}`);
    const line = stale.split('\n').findIndex((l) => /max_steps/.test(l)) + 1;
    expect(driftMessage(stale, expected)).toBe(
      `openenv.yaml is out of date with the task plugins (first difference at line ${line}: expected ${JSON.stringify(expected.split('\n')[line - 1])}, found ${JSON.stringify(stale.split('\n')[line - 1])}): run \`npm run openenv:yaml\``,
    );
    expect(driftMessage(null, expected)).toBe('openenv.yaml is missing: run `npm run openenv:yaml`');
  });
});
