import type { EndReason } from '@arena/models';
import type { EventBatch } from './event-batch';
import type { GameSummary } from './event-store';

/** What one batch changes in its game's summary. */
export interface GameProjection {
  gameId: string;
  /** The summary to insert, when the batch starts the game. */
  created: GameSummary | null;
  /** Highest turn started in the batch. */
  turns: number | null;
  ended: { endReason: EndReason; winnerId: string | null } | null;
  lastSeq: number;
  updatedAt: string;
}

/** Derive the summary changes of a checked batch. */
export function projectBatch(batch: EventBatch): GameProjection {
  let created: GameSummary | null = null;
  let turns: number | null = null;
  let ended: GameProjection['ended'] = null;
  let updatedAt = '';
  for (const event of batch.events) {
    updatedAt = event.ts;
    if (event.type === 'game_created') {
      const { scenario, seats } = event.payload.spec;
      created = {
        gameId: event.gameId,
        scenarioId: scenario.id,
        title: scenario.title,
        status: 'running',
        endReason: null,
        winnerId: null,
        players: seats.length,
        turns: 0,
        lastSeq: event.seq,
        createdAt: event.ts,
        updatedAt: event.ts,
      };
    } else if (event.type === 'turn_started') {
      turns = Math.max(turns ?? 0, event.payload.turn);
    } else if (event.type === 'game_ended') {
      ended = { endReason: event.payload.reason, winnerId: event.payload.winnerId };
    }
  }
  return { gameId: batch.gameId, created, turns, ended, lastSeq: batch.lastSeq, updatedAt };
}

/** The summary after a projection, from the current one (or the created one it carries). */
export function summarize(current: GameSummary, projection: GameProjection): GameSummary {
  return {
    ...current,
    ...(projection.turns === null ? {} : { turns: projection.turns }),
    ...(projection.ended === null ? {} : { status: 'ended' as const, ...projection.ended }),
    lastSeq: projection.lastSeq,
    updatedAt: projection.updatedAt,
  };
}
