// The plugin contract's new fields: graderVersion is required at load with a message saying what to declare; render must be a method when given.
import { describe, expect, it } from 'vitest';
import { contractProblems } from 'openenv-ts/testing';
import { registeredTaskOf } from 'openenv-ts';
import { EchoTask } from '../../plugins/echo/plugin.js';

const metadata = { id: 'sample', title: 'Sample', difficulty: 'easy', maxSteps: 3, description: 'A sample.' };

describe('plugin contract: grader version and render hook', () => {
  const plugin = registeredTaskOf(EchoTask).plugin;

  it('refuses metadata without graderVersion, saying what to declare and when to bump it', () => {
    expect(contractProblems(metadata, plugin)).toEqual([
      '@Task metadata field "graderVersion": is missing: declare the version of grade() (e.g. graderVersion: "1") and bump it whenever a grader change can move a score',
    ]);
  });

  it('accepts a short version string and refuses one that is not', () => {
    expect(contractProblems({ ...metadata, graderVersion: '2026.11.2' }, plugin)).toEqual([]);
    expect(contractProblems({ ...metadata, graderVersion: 'two words' }, plugin)[0]).toContain('must be 1-64 characters');
  });

  it('refuses a render that is not a method', () => {
    const broken = Object.assign(Object.create(Object.getPrototypeOf(plugin)), plugin, { render: '<svg/>' });
    expect(contractProblems({ ...metadata, graderVersion: '1' }, broken)).toEqual(['render must be a method when given']);
  });
});
