// The @Task class decorator: declares a task plugin's metadata and makes the class injectable.
import 'reflect-metadata';
import { injectable } from 'tsyringe';
import type { TaskMetadata, TaskPluginClass } from './plugin-contract.js';

const METADATA_KEY = Symbol.for('openenv:task-metadata');

/**
 * Every class decorated so far, in declaration order. The plugin loader reads this after importing
 * each module to learn which tasks that module declared (and so name the file in errors).
 */
const declaredTasks: TaskPluginClass[] = [];

/** Declares a task plugin. The decorator does no work beyond recording; the loader validates it. */
export function Task(metadata: TaskMetadata) {
  return function <C extends TaskPluginClass>(target: C): C {
    Reflect.defineMetadata(METADATA_KEY, Object.freeze({ ...metadata }), target);
    injectable()(target);
    declaredTasks.push(target);
    return target;
  };
}

/** The metadata a class was decorated with, or undefined for an undecorated class. */
export function taskMetadataOf(target: unknown): TaskMetadata | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getOwnMetadata(METADATA_KEY, target) as TaskMetadata | undefined;
}

/** How many classes have been declared so far: a mark to diff against after an import. */
export function declarationMark(): number {
  return declaredTasks.length;
}

/** The classes declared since a mark. */
export function declaredSince(mark: number): TaskPluginClass[] {
  return declaredTasks.slice(mark);
}
