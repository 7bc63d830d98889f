import { ArenaError, type ErrorCategory } from '@arena/models';
import type { EventStore } from './event-store';
import type { FinishedGame, RatingRow } from './records';

/** Every store method; each call is one message to the worker. */
export type StoreMethod = keyof EventStore;

/** A store method and its arguments. */
export type StoreRequest = {
  [M in StoreMethod]: { method: M; args: Parameters<EventStore[M]> };
}[StoreMethod];

/** A call the main thread posts to the store's worker. */
export type StoreCall = StoreRequest & { id: number };

/** The main thread's answer to a {@link RatingRequest} with the same `rated` id. */
export type RatingAnswer =
  { rated: number; ok: true; rows: RatingRow[] } | { rated: number; ok: false; error: WireError };

/** Everything the main thread posts to the worker. */
export type ToWorker = StoreCall | RatingAnswer;

/** The worker's answer to the call with the same id (id 0 announces that the store is open). */
export type StoreReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/**
 * The worker asks the main thread, which holds the store's `RatingUpdater`, for the rating rows
 * of a finished game, inside the transaction that stores its `game_ended`.
 */
export interface RatingRequest {
  rate: number;
  game: FinishedGame;
  current: RatingRow[];
}

/** Everything the worker posts to the main thread. */
export type FromWorker = StoreReply | RatingRequest;

/** What the worker is opened with (`workerData`). */
export interface WorkerOptions {
  dataDir?: string;
  /** The main thread holds a rating updater: ask it for every finished game. */
  rated: boolean;
}

/** An error as it crosses the thread boundary; ArenaErrors keep their code and details. */
export interface WireError {
  message: string;
  code: string | null;
  category: ErrorCategory;
  retriable: boolean;
  details: Record<string, unknown>;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ArenaError) {
    return {
      message: error.message,
      code: error.code,
      category: error.category,
      retriable: error.retriable,
      details: JSON.parse(JSON.stringify(error.details)) as Record<string, unknown>,
    };
  }
  return {
    message: error instanceof Error ? error.message : String(error),
    code: null,
    category: 'system',
    retriable: false,
    details: {},
  };
}

export function fromWireError(wire: WireError, fallbackCode: string): ArenaError {
  return new ArenaError(wire.message, {
    code: wire.code ?? fallbackCode,
    category: wire.category,
    retriable: wire.retriable,
    details: wire.details,
  });
}

/** The error as it was thrown on the other side: an ArenaError, or a plain Error without a code. */
export function rethrownError(wire: WireError): Error {
  return wire.code === null ? new Error(wire.message) : fromWireError(wire, wire.code);
}
