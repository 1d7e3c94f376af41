// The server's Prometheus metrics: sessions, resets and steps, step latency, errors by code, pools and refusals.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EpisodeService } from '../runtime/episode-service.js';
import type { BoundedQueue } from '../runtime/work-queue.js';
import { onErrorReply } from './error-tally.js';
import { poolLoads } from '../runtime/pool-gauges.js';

/** Step latency buckets, seconds: a trivial step is well under a millisecond, a SQL query up to its time limit. */
const STEP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Session kinds as the metrics name them: how the client reached the server. */
const TRANSPORT_OF = { default: 'http-default', named: 'http-or-mcp-named', websocket: 'websocket' } as const;

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly stopTally: () => void;

  constructor(service: EpisodeService, replays: BoundedQueue, labels: Record<string, string> = {}) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry, prefix: 'openenv_' });

    new Gauge({
      name: 'openenv_sessions',
      help: 'Open sessions by transport and by the task of their episode (none before the first reset); the default HTTP session counts once it has an episode',
      labelNames: ['transport', 'task'],
      registers,
      collect() {
        this.reset();
        for (const session of service.sessions.allSessions()) {
          if (session.kind === 'default' && !session.episode) continue;
          this.inc({ transport: TRANSPORT_OF[session.kind], task: session.episode?.task.metadata.id ?? 'none' });
        }
      },
    });
    const resets = new Counter({ name: 'openenv_resets_total', help: 'Resets by task, transport and outcome', labelNames: ['task', 'transport', 'outcome'], registers });
    const steps = new Counter({ name: 'openenv_steps_total', help: 'Steps by task, transport and outcome', labelNames: ['task', 'transport', 'outcome'], registers });
    const latency = new Histogram({ name: 'openenv_step_duration_seconds', help: 'Time a step took on the server, queueing behind earlier requests of its session included', labelNames: ['task'], buckets: STEP_BUCKETS, registers });
    const replayCount = new Counter({ name: 'openenv_replays_total', help: 'POST /grader replays by task and outcome', labelNames: ['task', 'outcome'], registers });
    const errors = new Counter({ name: 'openenv_errors_total', help: 'Error replies by stable code, over every transport', labelNames: ['code'], registers });
    const refusals = new Counter({ name: 'openenv_overload_refusals_total', help: 'Refusals the client may retry (503, CAPACITY_REACHED, JSON-RPC -32000 with retry_after_s) by code', labelNames: ['code'], registers });
    new Gauge({
      name: 'openenv_pool_busy',
      help: 'Work running in each bounded pool (replays, plugin worker pools)',
      labelNames: ['pool'],
      registers,
      collect() {
        this.reset();
        this.set({ pool: 'replays' }, replays.load.running);
        for (const [pool, load] of poolLoads()) this.set({ pool }, load.running);
      },
    });
    new Gauge({
      name: 'openenv_pool_queued',
      help: 'Work waiting for each bounded pool',
      labelNames: ['pool'],
      registers,
      collect() {
        this.reset();
        this.set({ pool: 'replays' }, replays.load.waiting);
        for (const [pool, load] of poolLoads()) this.set({ pool }, load.waiting);
      },
    });

    service.observer = {
      reset: (session, task, outcome) => resets.inc({ task, transport: TRANSPORT_OF[session.kind], outcome }),
      step: (session, task, seconds, outcome) => {
        steps.inc({ task, transport: TRANSPORT_OF[session.kind], outcome });
        latency.observe({ task }, seconds);
      },
      replay: (task, outcome) => replayCount.inc({ task, outcome }),
    };
    this.stopTally = onErrorReply((code, overload) => {
      errors.inc({ code });
      if (overload) refusals.inc({ code });
    });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** Stops counting (the server closed). */
  close(): void {
    this.stopTally();
  }
}
