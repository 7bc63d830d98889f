/**
 * Worker-thread entry of {@link openPgliteWorkerEventStore}: owns one PGlite event store and
 * answers the calls the main thread posts to it, one message per call. A finished game's
 * ratings are asked of the main thread, inside the transaction that stores it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore } from './event-store';
import { openPglite } from './pglite-event-store';
import type { StoreRatingUpdater } from './rating-transaction';
import type { RatingRow } from './records';
import {
  rethrownError,
  toWireError,
  type FromWorker,
  type StoreRequest,
  type ToWorker,
  type WorkerOptions,
} from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('pglite-worker must run in a worker thread');
const post = (message: FromWorker) => port.postMessage(message);

const options = workerData as WorkerOptions;
const ratingWaiters = new Map<
  number,
  { resolve: (rows: RatingRow[]) => void; reject: (error: Error) => void }
>();
let nextRating = 1;

const askMainThread: StoreRatingUpdater = (game, current) =>
  new Promise((resolve, reject) => {
    const rate = nextRating++;
    ratingWaiters.set(rate, { resolve, reject });
    post({ rate, game, current: [...current.values()] });
  });

function run(store: EventStore, call: StoreRequest): Promise<unknown> {
  const method = store[call.method] as (...args: StoreRequest['args']) => Promise<unknown>;
  return method(...call.args);
}

let store: EventStore;
try {
  store = await openPglite(options.dataDir, options.rated ? askMainThread : undefined);
  post({ id: 0, ok: true, value: 'ready' });
} catch (error) {
  post({ id: 0, ok: false, error: toWireError(error) });
  process.exit(1);
}

port.on('message', (message: ToWorker) => {
  if ('rated' in message) {
    const waiter = ratingWaiters.get(message.rated);
    ratingWaiters.delete(message.rated);
    if (message.ok) waiter?.resolve(message.rows);
    else waiter?.reject(rethrownError(message.error));
    return;
  }
  run(store, message).then(
    (value) => post({ id: message.id, ok: true, value }),
    (error: unknown) => post({ id: message.id, ok: false, error: toWireError(error) }),
  );
});
