// Bounded worker pools report their load here, so the server's metrics show them without knowing the plugins.
//
// A plugin with its own pool (sql-analytics' SQLite workers, a chemistry engine) registers a reader once;
// the metrics call it on every scrape. Process-wide, as the pools are.

export interface PoolLoad {
  readonly running: number;
  readonly waiting: number;
}

const readers = new Map<string, () => PoolLoad>();

/** Reports a pool's load under `name` (replacing an earlier reader of that name); returns the unregister function. */
export function registerPoolGauge(name: string, read: () => PoolLoad): () => void {
  readers.set(name, read);
  return () => {
    if (readers.get(name) === read) readers.delete(name);
  };
}

/** Every registered pool's current load; a reader that throws is skipped (metrics never fail a scrape). */
export function poolLoads(): [string, PoolLoad][] {
  const loads: [string, PoolLoad][] = [];
  for (const [name, read] of readers) {
    try {
      loads.push([name, read()]);
    } catch {
      // skipped
    }
  }
  return loads;
}
