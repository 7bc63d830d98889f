import { GAME_COMMAND_TYPES, type GameCommandType } from '@arena/models';
import type { BusValue } from './message-bus';

/** Version of the envelope headers; a consumer refuses a message whose version it does not know. */
export const ENVELOPE_VERSION = 1;

/** Names of the envelope headers every message carries (`content-encoding` only when gzipped). */
export const ENVELOPE_HEADERS = {
  /** Envelope version (`1`). */
  envelope: 'arena-envelope',
  /** `event` or `command`: which schema the body follows. */
  kind: 'kind',
  /** The event or command type, to route or skip without decoding the body. */
  type: 'type',
  schemaVersion: 'schema-version',
  gameId: 'game-id',
  /** Per-game sequence number (events only). */
  seq: 'seq',
  /** The event id, or the command id. */
  eventId: 'event-id',
  /** Id of the event that caused this one; empty when none. */
  causationId: 'causation-id',
  /** ISO-8601 time the message was published (from the bus's clock). */
  producedAt: 'produced-at',
  /** Always `application/json`. */
  contentType: 'content-type',
  /** `gzip` when the body is compressed. */
  contentEncoding: 'content-encoding',
} as const;

/** Whether a value follows the event or the command schema. */
export type BusValueKind = 'event' | 'command';

const COMMAND_TYPES: ReadonlySet<string> = new Set<GameCommandType>(GAME_COMMAND_TYPES);

/** The kind of a value, by its `type` (command and event types never overlap). */
export function valueKind(value: unknown): BusValueKind {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && COMMAND_TYPES.has(type) ? 'command' : 'event';
}

/** The envelope headers of a value published at `producedAt` (ISO-8601). */
export function envelopeHeaders(value: BusValue, producedAt: string): Record<string, string> {
  const headers: Record<string, string> = {
    [ENVELOPE_HEADERS.envelope]: String(ENVELOPE_VERSION),
    [ENVELOPE_HEADERS.kind]: valueKind(value),
    [ENVELOPE_HEADERS.type]: value.type,
    [ENVELOPE_HEADERS.schemaVersion]: String(value.schemaVersion),
    [ENVELOPE_HEADERS.gameId]: value.gameId,
  };
  if ('seq' in value) headers[ENVELOPE_HEADERS.seq] = String(value.seq);
  headers[ENVELOPE_HEADERS.eventId] = value.id;
  headers[ENVELOPE_HEADERS.causationId] = ('causationId' in value && value.causationId) || '';
  headers[ENVELOPE_HEADERS.producedAt] = producedAt;
  headers[ENVELOPE_HEADERS.contentType] = 'application/json';
  return headers;
}
