import { ArenaError, GameEventSchema, zodIssues, type GameEvent } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';

/** The envelope columns and payload of one stored event, as a row holds them. */
export interface StoredEventRow {
  gameId: string;
  seq: number;
  id: string;
  type: string;
  schemaVersion: number;
  payload: unknown;
  causationId: string | null;
  ts: string;
}

// Postgres text and jsonb cannot hold NUL, and UTF-8 cannot encode an unpaired surrogate.
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes(NUL) || LONE_SURROGATE.test(text);
/** In JSON text: an escaped NUL or surrogate (possibly a false alarm, as in an escaped `\\u0000`). */
const SUSPECT_ESCAPE = /\\u(0000|d[89a-f])/i;

/** Path of the first string (or key) in `value` that Postgres cannot store; null when none. */
export function findUnstorableText(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return [...path, key];
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Validate an event for storage and return the exact form the store keeps: parsed by
 * `GameEventSchema` and passed through JSON, as jsonb would give it back.
 */
export function toStoredEvent(event: GameEvent, index: number): GameEvent {
  const parsed = GameEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
    throw new ArenaError(`Event ${index} of the batch is not a valid game event:\n${lines}`, {
      code: PERSISTENCE_ERROR_CODES.INVALID_EVENT,
      category: 'user',
      details: { index, issues },
    });
  }
  const json = JSON.stringify(parsed.data);
  // JSON.stringify escapes NUL and unpaired surrogates (paired ones stay raw), so the text shows
  // whether any string needs the walk that names the field; most events never do.
  const badText = SUSPECT_ESCAPE.test(json) ? findUnstorableText(parsed.data, []) : null;
  if (badText) {
    const path = badText.join('.');
    throw new ArenaError(
      `Event ${index} of the batch holds text that cannot be stored at ${path}: remove NUL characters and unpaired UTF-16 surrogates`,
      {
        code: PERSISTENCE_ERROR_CODES.INVALID_EVENT,
        category: 'user',
        details: { index, issues: [{ path, message: 'NUL character or unpaired surrogate' }] },
      },
    );
  }
  return JSON.parse(json) as GameEvent;
}

/** JSON with object keys sorted, so equal events compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The row that stores a (stored-form) event. */
export function toRow(event: GameEvent): StoredEventRow {
  return {
    gameId: event.gameId,
    seq: event.seq,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    payload: event.payload,
    causationId: event.causationId,
    ts: event.ts,
  };
}

function rowCandidate(row: StoredEventRow): Record<string, unknown> {
  return {
    schemaVersion: row.schemaVersion,
    id: row.id,
    gameId: row.gameId,
    seq: row.seq,
    ts: row.ts,
    causationId: row.causationId,
    type: row.type,
    payload: row.payload,
  };
}

/** True when a stored row holds exactly this (stored-form) event. */
export function rowHoldsEvent(row: StoredEventRow, event: GameEvent): boolean {
  return canonicalJson(rowCandidate(row)) === canonicalJson(event);
}

/** Decode a stored row; a row that is not a valid event throws `PERSISTENCE_CORRUPT_EVENT`. */
export function fromRow(row: StoredEventRow): GameEvent {
  const parsed = GameEventSchema.safeParse(rowCandidate(row));
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error);
  const lines = issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n');
  throw new ArenaError(`Stored event ${row.seq} of game ${row.gameId} is corrupt:\n${lines}`, {
    code: PERSISTENCE_ERROR_CODES.CORRUPT_EVENT,
    details: { gameId: row.gameId, seq: row.seq, issues },
  });
}
