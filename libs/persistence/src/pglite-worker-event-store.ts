import { Worker } from 'node:worker_threads';
import { PERSISTENCE_ERROR_CODES, storeClosed } from './errors';
import type { EventStore } from './event-store';
import type { PgliteEventStoreOptions } from './pglite-event-store';
import { ratingKey } from './record-checks';
import type { RatingUpdater } from './records';
import {
  fromWireError,
  toWireError,
  type FromWorker,
  type RatingAnswer,
  type RatingRequest,
  type StoreMethod,
  type StoreRequest,
  type ToWorker,
  type WorkerOptions,
} from './worker-protocol';

/** The answer to the worker's request for a finished game's rating rows. */
function rate(updater: RatingUpdater | undefined, request: RatingRequest): RatingAnswer {
  try {
    if (!updater) throw new Error('the store was opened without a rating updater');
    const current = new Map(request.current.map((row) => [ratingKey(row), row]));
    return { rated: request.rate, ok: true, rows: updater(request.game, current) };
  } catch (error) {
    return { rated: request.rate, ok: false, error: toWireError(error) };
  }
}

/**
 * Open a PGlite event store that runs in its own worker thread: appends, queries and the
 * database's CPU work happen beside the caller's thread, so a game can compute its next turn
 * while the previous one is written. Same contract as {@link openPgliteEventStore}.
 *
 * A function cannot cross to the worker, so the `ratings` updater runs here: the worker asks
 * for a finished game's rows from inside the transaction that stores its `game_ended`, with the
 * current rows it has locked, and writes the answer in that same transaction.
 *
 * @example
 * const store = await openPgliteWorkerEventStore({ dataDir: '.arena/pglite' });
 */
export async function openPgliteWorkerEventStore(
  options: PgliteEventStoreOptions = {},
): Promise<EventStore> {
  const workerOptions: WorkerOptions = {
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    rated: options.ratings !== undefined,
  };
  const worker = new Worker(new URL('./pglite-worker-boot.mjs', import.meta.url), {
    workerData: workerOptions,
  });
  const post = (message: ToWorker) => worker.postMessage(message);
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
  worker.on('message', (message: FromWorker) => {
    if ('rate' in message) {
      post(rate(options.ratings, message));
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(fromWireError(message.error, PERSISTENCE_ERROR_CODES.STORAGE_FAILED));
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
      post({ ...message, id });
    });
  };
  const method =
    <M extends Exclude<StoreMethod, 'close'>>(name: M) =>
    (...args: Parameters<EventStore[M]>) =>
      call<Awaited<ReturnType<EventStore[M]>>>({ method: name, args } as StoreRequest);

  return {
    append: method('append'),
    load: method('load'),
    listGames: method('listGames'),
    countGames: method('countGames'),
    getGame: method('getGame'),
    placements: method('placements'),
    finishedGames: method('finishedGames'),
    listRatings: method('listRatings'),
    replaceRatings: method('replaceRatings'),
    listChampions: method('listChampions'),
    getChampion: method('getChampion'),
    championHistory: method('championHistory'),
    saveSeries: method('saveSeries'),
    getSeries: method('getSeries'),
    listSeries: method('listSeries'),
    seriesGames: method('seriesGames'),
    close: async () => {
      if (closed) return;
      await call({ method: 'close', args: [] });
      closed = true;
      await worker.terminate();
    },
  };
}
