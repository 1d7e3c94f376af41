// The Dockerfile reader, and the image environment it derives: PORT, HOST and the pass-through variables.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignments, execForm, expand, healthcheckParts, parseDockerfile, stageEnvironment } from '../../scripts/dockerfile.js';

const root = path.resolve(import.meta.dirname, '../..');
const dockerfile = parseDockerfile(readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;

describe('the Dockerfile', () => {
  it('has a build stage and a runtime stage on Node 26 slim (the active LTS; Node 20 is end-of-life)', () => {
    expect(dockerfile.stages.map((s) => [s.base, s.name])).toEqual([
      ['node:26-slim', 'build'],
      ['node:26-slim', 'runtime'],
    ]);
  });

  it('starts the container on port 8000 on every interface, in production mode, with the pass-through variables', () => {
    expect(stageEnvironment(runtime)).toEqual({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8000',
      OPENENV_TASK: '',
      ENABLE_WEB_INTERFACE: 'true',
    });
  });

  it('takes OPENENV_TASK and ENABLE_WEB_INTERFACE from build args (how Space variables arrive at build time)', () => {
    const env = stageEnvironment(runtime, { OPENENV_TASK: 'sql-analytics', ENABLE_WEB_INTERFACE: 'false' });
    expect(env.OPENENV_TASK).toBe('sql-analytics');
    expect(env.ENABLE_WEB_INTERFACE).toBe('false');
  });
});

describe('Dockerfile reader', () => {
  const text = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=node:20-slim',
    'FROM ${BASE} AS one',
    'ENV A=1 \\',
    '    # a comment inside a continuation is dropped',
    '    B="two words"',
    'ENV LEGACY value with spaces',
    'from node:20-slim',
    'HEALTHCHECK --interval=5s --timeout=2s \\',
    '  CMD ["node", "probe.js"]',
    'CMD node server.js',
  ].join('\n');
  const parsed = parseDockerfile(text);

  it('groups instructions by stage, joins continuations and skips comments', () => {
    expect(parsed.globalArgs.map((a) => a.args)).toEqual(['BASE=node:20-slim']);
    expect(parsed.stages.map((s) => [s.base, s.name])).toEqual([
      ['node:20-slim', 'one'],
      ['node:20-slim', null],
    ]);
    expect(parsed.stages[0]!.instructions.map((i) => [i.keyword, i.line])).toEqual([
      ['ENV', 4],
      ['ENV', 7],
    ]);
    expect(stageEnvironment(parsed.stages[0]!)).toEqual({ A: '1', B: 'two words', LEGACY: 'value with spaces' });
  });

  it('reads HEALTHCHECK options and exec-form commands, and tells shell form apart', () => {
    const health = healthcheckParts(parsed.stages[1]!.instructions[0]!.args);
    expect(health.options).toEqual({ interval: '5s', timeout: '2s' });
    expect(execForm(health.command!)).toEqual(['node', 'probe.js']);
    expect(execForm(parsed.stages[1]!.instructions[1]!.args)).toBeNull();
  });

  it('expands variables with defaults and parses assignments', () => {
    expect(expand('${A}-${B:-dflt}-$C', { A: 'a', C: 'c' })).toBe('a-dflt-c');
    expect(assignments('X= Y=""')).toEqual([
      ['X', ''],
      ['Y', ''],
    ]);
  });
});
