import { Worker } from 'node:worker_threads';
import { PERSISTENCE_ERROR_CODES, storeClosed } from './errors';
import type { EventStore } from './event-store';
import type { PgliteEventStoreOptions } from './pglite-event-store';
import { fromWireError, type StoreReply, type StoreRequest } from './worker-protocol';

/**
 * Open a PGlite event store that runs in its own worker thread: appends, queries and the
 * database's CPU work happen beside the caller's thread, so a game can compute its next turn
 * while the previous one is written. Same contract as {@link openPgliteEventStore}.
 *
 * @example
 * const store = await openPgliteWorkerEventStore({ dataDir: '.arena/pglite' });
 */
export async function openPgliteWorkerEventStore(
  options: PgliteEventStoreOptions = {},
): Promise<EventStore> {
  const worker = new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), {
    workerData: options,
  });
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  let nextId = 1;
  let closed = false;
  let failure: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: StoreReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(fromWireError(reply.error, PERSISTENCE_ERROR_CODES.STORAGE_FAILED));
  });
  const failAll = (error: Error) => {
    failure = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => {
    if (!closed) failAll(new Error(`the event store's worker stopped (exit code ${code})`));
  });
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const call = <T>(message: StoreRequest): Promise<T> => {
    if (closed) return Promise.reject(storeClosed());
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };

  return {
    append: (events) => call({ method: 'append', args: [events] }),
    load: (gameId, loadOptions) => call({ method: 'load', args: [gameId, loadOptions] }),
    listGames: (listOptions) => call({ method: 'listGames', args: [listOptions] }),
    getGame: (gameId) => call({ method: 'getGame', args: [gameId] }),
    close: async () => {
      if (closed) return;
      await call({ method: 'close', args: [] });
      closed = true;
      await worker.terminate();
    },
  };
}
