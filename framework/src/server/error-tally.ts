// Counts error replies by stable code, whichever transport sends them, for the metrics of the process.
//
// Every transport formats its errors through one function (boundedParts) or sends a fixed refusal; both call
// tallyErrorReply. The tally is per process, not per server: a process serves one server in production, and
// a listener that is not registered costs nothing.

type Listener = (code: string, overload: boolean) => void;

const listeners = new Set<Listener>();

/** Subscribes to error replies; returns the unsubscribe function (a closed server's metrics stop counting). */
export function onErrorReply(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records one error reply with its stable code; `overload` marks refusals the client may retry (503s). */
export function tallyErrorReply(code: string, overload: boolean): void {
  for (const listener of listeners) listener(code, overload);
}
