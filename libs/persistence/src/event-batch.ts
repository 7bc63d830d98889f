import { ArenaError, type GameEvent } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { toStoredEvent } from './stored-event';

/** A checked batch: one game, consecutive seqs, every event in its stored form. */
export interface EventBatch {
  gameId: string;
  firstSeq: number;
  lastSeq: number;
  events: GameEvent[];
}

function invalidBatch(message: string, details: Record<string, unknown>): ArenaError {
  return new ArenaError(message, {
    code: PERSISTENCE_ERROR_CODES.INVALID_BATCH,
    category: 'user',
    details,
  });
}

/** Error for a batch that would leave a hole in a game's log. */
export function sequenceGap(gameId: string, expectedSeq: number, seq: number): ArenaError {
  return new ArenaError(`Game ${gameId} expects seq ${expectedSeq} next, got ${seq}`, {
    code: PERSISTENCE_ERROR_CODES.SEQUENCE_GAP,
    details: { gameId, expectedSeq, seq },
  });
}

/**
 * Check the shape of a batch before touching storage; null for an empty batch. Throws
 * `PERSISTENCE_INVALID_EVENT`, `PERSISTENCE_INVALID_BATCH` or `PERSISTENCE_SEQUENCE_GAP`.
 */
export function checkBatch(events: readonly GameEvent[]): EventBatch | null {
  const first = events[0];
  if (!first) return null;
  const stored = events.map((event, index) => toStoredEvent(event, index));
  stored.forEach((event, index) => {
    if (event.gameId !== first.gameId) {
      throw invalidBatch(
        `A batch holds events of one game: event ${index} is for ${event.gameId}, not ${first.gameId}`,
        { gameId: first.gameId, index, otherGameId: event.gameId },
      );
    }
    if (event.seq !== first.seq + index) {
      throw sequenceGap(event.gameId, first.seq + index, event.seq);
    }
    if ((event.seq === 0) !== (event.type === 'game_created')) {
      throw invalidBatch(
        `A game log starts with game_created at seq 0 and has no other; got ${event.type} at seq ${event.seq}`,
        { gameId: event.gameId, seq: event.seq, type: event.type },
      );
    }
  });
  return {
    gameId: first.gameId,
    firstSeq: first.seq,
    lastSeq: first.seq + stored.length - 1,
    events: stored,
  };
}

/** The part of a batch after `storedLastSeq`; null when all of it is already stored. */
export function batchAfter(batch: EventBatch, storedLastSeq: number): EventBatch | null {
  if (batch.lastSeq <= storedLastSeq) return null;
  if (batch.firstSeq > storedLastSeq) return batch;
  return {
    ...batch,
    firstSeq: storedLastSeq + 1,
    events: batch.events.slice(storedLastSeq + 1 - batch.firstSeq),
  };
}

/** Error for an event whose (game, seq) or id already holds something else. */
export function eventConflict(event: GameEvent, reason: string): ArenaError {
  return new ArenaError(
    `Event ${event.id} (game ${event.gameId}, seq ${event.seq}) conflicts with the stored log: ${reason}`,
    {
      code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
      details: { gameId: event.gameId, seq: event.seq, eventId: event.id, reason },
    },
  );
}
