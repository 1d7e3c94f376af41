// The RDKit worker thread: its own RDKit instance, running the pool's jobs one at a time and replying to each.
//
// Started by chemistry-worker.ts with `workerData: { wasmModule }` (RDKit compiled once by the parent, or null).
// Messages: { id, job } -> { id, ok: true, result } | { id, ok: false, error }; on start { ready: true } or
// { ready: false, error }. The parent sends the next job only after the reply, so jobs never overlap here.
import { parentPort, workerData } from 'node:worker_threads';
import { runChemistryJob, type ChemistryJob } from './chemistry-jobs.js';
import { loadChemistry } from './rdkit-engine.js';

const port = parentPort;
if (!port) throw new Error('chemistry-worker-main.js runs only as a worker thread (the RDKit pool starts it)');

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

loadChemistry((workerData as { wasmModule?: WebAssembly.Module | null } | null)?.wasmModule ?? null).then(
  () => {
    port.on('message', (msg: { id: number; job: ChemistryJob }) => {
      runChemistryJob(msg.job).then(
        (result) => port.postMessage({ id: msg.id, ok: true, result }),
        // A job that throws (a generator that finds no lead) is reported like the same throw in-process would be.
        (err: unknown) => port.postMessage({ id: msg.id, ok: false, error: errorText(err) }),
      );
    });
    port.postMessage({ ready: true });
  },
  (err: unknown) => port.postMessage({ ready: false, error: errorText(err) }),
);
