/**
 * Worker-thread entry of {@link openPgliteWorkerEventStore}: owns one PGlite event store and
 * answers the calls the main thread posts to it, one message per call.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore } from './event-store';
import { openPgliteEventStore, type PgliteEventStoreOptions } from './pglite-event-store';
import { toWireError, type StoreCall, type StoreReply } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('pglite-worker must run in a worker thread');

let store: EventStore;
try {
  store = await openPgliteEventStore(workerData as PgliteEventStoreOptions);
  port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies StoreReply);
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: toWireError(error) } satisfies StoreReply);
  process.exit(1);
}

port.on('message', (call: StoreCall) => {
  const run = async (): Promise<unknown> => {
    switch (call.method) {
      case 'append':
        return store.append(...call.args);
      case 'load':
        return store.load(...call.args);
      case 'listGames':
        return store.listGames(...call.args);
      case 'getGame':
        return store.getGame(...call.args);
      case 'close':
        return store.close();
    }
  };
  run().then(
    (value) => port.postMessage({ id: call.id, ok: true, value } satisfies StoreReply),
    (error: unknown) =>
      port.postMessage({ id: call.id, ok: false, error: toWireError(error) } satisfies StoreReply),
  );
});
