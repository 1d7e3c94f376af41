// `openenv-ts tasks`: one JSON line per task the manifest loads.
import type { Environment } from '../../runtime/environment.js';

export function tasksCommand(env: Environment): number {
  for (const task of env.registry.list()) {
    const { id, title, difficulty, maxSteps } = task.metadata;
    process.stdout.write(`${JSON.stringify({ id, title, difficulty, max_steps: maxSteps, source: task.source, default: id === env.defaultTask })}\n`);
  }
  return 0;
}
