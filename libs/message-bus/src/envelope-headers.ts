import type { GameEvent } from '@arena/models';

/** Headers that let a consumer route or skip a message without decoding its value. */
export function envelopeHeaders(event: GameEvent): Record<string, string> {
  return {
    type: event.type,
    'schema-version': String(event.schemaVersion),
    'game-id': event.gameId,
    seq: String(event.seq),
    'event-id': event.id,
  };
}
