// What an episode's earlier actions set: the repeated-action check and the correction budget a plugin declares.
import { canonicalJson } from '../contract/canonical-json.js';
import type { TaskPlugin } from '../contract/plugin-contract.js';

/** The verdict on an action before it runs. */
export interface ActionCheck {
  readonly repeated: boolean;
  /** Why the action is refused before the plugin sees it (the correction budget is spent), else null. */
  readonly refusal: string | null;
  /** Records the action as taken; `applied` says whether it changed the state (a refused one sets nothing). */
  commit(applied: boolean): void;
}

export class ActionHistory {
  private readonly seen = new Set<string>();
  private readonly setValues = new Map<string, string>();
  private used = 0;

  constructor(private readonly plugin: TaskPlugin, private readonly budget: number | null) {}

  /** Corrections left this episode, or null when the task budgets none. */
  get correctionsLeft(): number | null {
    return this.budget === null ? null : Math.max(0, this.budget - this.used);
  }

  check(action: unknown): ActionCheck {
    const repeatKey = this.plugin.repeatKey ? this.plugin.repeatKey(action) : canonicalJson(action);
    const repeated = this.seen.has(repeatKey);
    const corrections = this.plugin.corrections;
    const key = corrections ? corrections.key(action) : null;
    const value = corrections && key !== null ? (corrections.value ? corrections.value(action) : canonicalJson(action)) : null;
    const previous = key !== null ? this.setValues.get(key) : undefined;
    const isCorrection = previous !== undefined && previous !== value;
    const refusal =
      isCorrection && this.budget !== null && this.used >= this.budget
        ? `This action changes ${key}, which an earlier action already set, and all ${this.budget} corrections of this episode are used; act on something else or finish.`
        : null;
    return {
      repeated,
      refusal,
      commit: (applied: boolean) => {
        this.seen.add(repeatKey);
        if (!applied || key === null || value === null) return;
        if (isCorrection) this.used += 1;
        this.setValues.set(key, value);
      },
    };
  }
}
