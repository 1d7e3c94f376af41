// An averaged multi-class perceptron over sparse string features: the memoriser's one learner, small and deterministic.

export interface Example {
  readonly features: readonly string[];
  readonly label: string;
}

/**
 * Averaged perceptron (Collins 2002): mistakes move the weights, and prediction uses the average weights over all
 * steps, which generalises much like a regularised linear model without any tuning.
 */
export class Perceptron {
  private readonly weights = new Map<string, Map<string, number>>();
  // Sum over steps of each weight, kept lazily: total += weight * (now - stamp) when the weight changes.
  private readonly totals = new Map<string, Map<string, number>>();
  private readonly stamps = new Map<string, Map<string, number>>();
  private readonly labels: string[] = [];
  private step = 0;
  private averaged: Map<string, Map<string, number>> | null = null;

  constructor(examples: readonly Example[], epochs = 6) {
    const seen = new Set<string>();
    for (const e of examples) if (!seen.has(e.label)) (seen.add(e.label), this.labels.push(e.label));
    if (this.labels.length > 1) {
      for (let epoch = 0; epoch < epochs; epoch++) {
        // A fixed rotation per epoch instead of a shuffle: deterministic, and no example is always seen last.
        const offset = Math.floor((epoch * examples.length) / epochs);
        for (let i = 0; i < examples.length; i++) this.learn(examples[(i + offset) % examples.length]!);
      }
    }
    this.averaged = this.average();
  }

  private score(features: readonly string[], table: Map<string, Map<string, number>>): Map<string, number> {
    const scores = new Map<string, number>();
    for (const f of features) {
      const row = table.get(f);
      if (!row) continue;
      for (const [label, w] of row) scores.set(label, (scores.get(label) ?? 0) + w);
    }
    return scores;
  }

  private best(scores: Map<string, number>): string {
    // Ties go to the label seen first in training, the commonest in practice, so an empty feature set still answers.
    let best = this.labels[0]!;
    let top = scores.get(best) ?? 0;
    for (const label of this.labels) {
      const s = scores.get(label) ?? 0;
      if (s > top) [best, top] = [label, s];
    }
    return best;
  }

  private bump(feature: string, label: string, delta: number): void {
    for (const [table, value] of [[this.weights, 0], [this.totals, 0], [this.stamps, 0]] as const) {
      if (!table.has(feature)) table.set(feature, new Map());
      if (!table.get(feature)!.has(label)) table.get(feature)!.set(label, value);
    }
    const w = this.weights.get(feature)!;
    const total = this.totals.get(feature)!;
    const stamp = this.stamps.get(feature)!;
    total.set(label, total.get(label)! + w.get(label)! * (this.step - stamp.get(label)!));
    stamp.set(label, this.step);
    w.set(label, w.get(label)! + delta);
  }

  private learn(example: Example): void {
    this.step++;
    const guess = this.best(this.score(example.features, this.weights));
    if (guess === example.label) return;
    for (const f of example.features) {
      this.bump(f, example.label, 1);
      this.bump(f, guess, -1);
    }
  }

  private average(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    const now = this.step + 1;
    for (const [f, row] of this.weights) {
      const avg = new Map<string, number>();
      for (const [label, w] of row) {
        const total = this.totals.get(f)!.get(label)! + w * (now - this.stamps.get(f)!.get(label)!);
        if (total !== 0) avg.set(label, total / now);
      }
      out.set(f, avg);
    }
    return out;
  }

  predict(features: readonly string[]): string {
    return this.best(this.score(features, this.averaged!));
  }
}
