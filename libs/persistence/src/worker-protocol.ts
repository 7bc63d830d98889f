import { ArenaError, type ErrorCategory } from '@arena/models';
import type { EventStore } from './event-store';

type Methods = 'append' | 'load' | 'listGames' | 'getGame' | 'close';

/** A store method and its arguments. */
export type StoreRequest = {
  [M in Methods]: { method: M; args: Parameters<EventStore[M]> };
}[Methods];

/** A call the main thread posts to the store's worker. */
export type StoreCall = StoreRequest & { id: number };

/** The worker's answer to the call with the same id (id 0 announces that the store is open). */
export type StoreReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

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
