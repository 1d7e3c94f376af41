// Calls into plugin code: anything a plugin throws or returns out of contract becomes a PLUGIN_ERROR naming it.
import { OpenEnvError, describeError } from '../contract/errors.js';
import type { Grade } from '../contract/plugin-contract.js';
import type { RegisteredTask } from './task-registry.js';

/** Calls a plugin method, turning anything it throws into a PLUGIN_ERROR that names the task and method. */
export async function callPlugin<T>(task: RegisteredTask, method: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw pluginError(task, method, err);
  }
}

/** The PLUGIN_ERROR for something a plugin threw (framework errors pass through unchanged). */
export function pluginError(task: RegisteredTask, method: string, err: unknown): OpenEnvError {
  if (err instanceof OpenEnvError) return err;
  return new OpenEnvError('PLUGIN_ERROR', `Task "${task.metadata.id}" failed in ${method}(): ${describeError(err)}`, {
    task: task.metadata.id,
    method,
  }, { cause: err });
}

/** A returned score as the plugin wrote it: NaN and Infinity by name (JSON would print both as null). */
function showScore(score: unknown): string {
  if (typeof score === 'number') return String(score);
  return score === undefined ? 'undefined' : JSON.stringify(score) ?? String(score);
}

/** Checks a grade a plugin returned; a grader outside [0, 1] is a plugin bug, reported as such. */
export function checkGrade(task: RegisteredTask, grade: Grade): Grade {
  if (!grade || typeof grade.score !== 'number' || !Number.isFinite(grade.score) || grade.score < 0 || grade.score > 1) {
    throw new OpenEnvError(
      'PLUGIN_ERROR',
      `Task "${task.metadata.id}" grade() returned score ${showScore(grade?.score)}; it must be a number in [0, 1] (${task.source})`,
      { task: task.metadata.id, method: 'grade', source: task.source },
    );
  }
  return grade;
}
