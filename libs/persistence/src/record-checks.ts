import { ArenaError } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { findUnstorableText } from './stored-event';
import type { FinishedGame, RatingPool, RatingRow, SeriesRecord } from './records';

export const RATING_POOLS: readonly RatingPool[] = ['character', 'model'];
const SERIES_STATUSES = ['running', 'ended'] as const;

/** The key of a rating in the map a `RatingUpdater` receives: `<pool>:<key>`. */
export function ratingKey(row: Pick<RatingRow, 'pool' | 'key'>): string {
  return `${row.pool}:${row.key}`;
}

/** The ratings a finished game touches: each seat's character and model, in key order. */
export function ratingKeysOf(game: FinishedGame): Pick<RatingRow, 'pool' | 'key'>[] {
  const keys = new Map<string, Pick<RatingRow, 'pool' | 'key'>>();
  for (const p of game.placements) {
    for (const key of [
      { pool: 'character' as const, key: p.characterId },
      { pool: 'model' as const, key: p.model },
    ]) {
      keys.set(ratingKey(key), key);
    }
  }
  return [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, key]) => key);
}

/** Conservative rating (μ − 3σ): what the leaderboard sorts by. */
export function conservativeRating(row: Pick<RatingRow, 'mu' | 'sigma'>): number {
  return row.mu - 3 * row.sigma;
}

/** Best conservative rating first, then by key. */
export function byConservativeRating(a: RatingRow, b: RatingRow): number {
  const diff = conservativeRating(b) - conservativeRating(a);
  if (diff !== 0) return diff;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function invalidRecord(what: string, path: string, problem: string): ArenaError {
  return new ArenaError(`Invalid ${what}: ${path} ${problem}`, {
    code: PERSISTENCE_ERROR_CODES.INVALID_RECORD,
    category: 'user',
    details: { what, issues: [{ path, message: problem }] },
  });
}

type Field = [name: string, check: (value: unknown) => boolean, allowed: string];

const text: Field[1] = (v) => typeof v === 'string' && v.length > 0;
const finite: Field[1] = (v) => typeof v === 'number' && Number.isFinite(v);
const count: Field[1] = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkFields(what: string, prefix: string, value: unknown, fields: Field[]): void {
  if (typeof value !== 'object' || value === null) {
    throw invalidRecord(what, prefix || '(root)', 'must be an object');
  }
  const record = value as Record<string, unknown>;
  for (const [name, check, allowed] of fields) {
    if (!check(record[name])) {
      throw invalidRecord(
        what,
        `${prefix}${name}`,
        `must be ${allowed}, got ${String(record[name])}`,
      );
    }
  }
}

const RATING_FIELDS: Field[] = [
  ['pool', (v) => RATING_POOLS.includes(v as RatingPool), `one of ${RATING_POOLS.join(', ')}`],
  ['key', text, 'a non-empty string'],
  ['mu', finite, 'a finite number'],
  ['sigma', (v) => finite(v) && (v as number) > 0, 'a positive finite number'],
  ['games', count, 'a non-negative integer'],
  ['wins', count, 'a non-negative integer'],
  ['lastGameId', text, 'a non-empty string'],
  ['updatedAt', text, 'a non-empty string'],
];

/**
 * Check rating rows before they are stored (from a `RatingUpdater` or `replaceRatings`): each
 * field typed, and each `<pool>:<key>` at most once. Throws `PERSISTENCE_INVALID_RECORD`.
 */
export function checkRatingRows(rows: readonly RatingRow[], what: string): RatingRow[] {
  if (!Array.isArray(rows)) throw invalidRecord(what, '(root)', 'must be an array of rating rows');
  const seen = new Set<string>();
  return rows.map((row, i) => {
    checkFields(what, `${i}.`, row, RATING_FIELDS);
    const key = ratingKey(row);
    if (seen.has(key)) throw invalidRecord(what, `${i}.key`, `repeats ${key}`);
    seen.add(key);
    const { pool, mu, sigma, games, wins, lastGameId, updatedAt } = row;
    return { pool, key: row.key, mu, sigma, games, wins, lastGameId, updatedAt };
  });
}

const SERIES_FIELDS: Field[] = [
  ['seriesId', text, 'a non-empty string'],
  ['format', text, 'a non-empty string'],
  [
    'status',
    (v) => SERIES_STATUSES.includes(v as 'running'),
    `one of ${SERIES_STATUSES.join(', ')}`,
  ],
  ['createdAt', text, 'a non-empty string'],
  ['updatedAt', text, 'a non-empty string'],
];

/** A JSON copy of `value`, as jsonb would give it back; throws when it has no JSON form. */
function jsonCopy(value: unknown, path: string): unknown {
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) throw invalidRecord('series record', path, 'must be JSON data');
  const copy = JSON.parse(json) as unknown;
  const bad = findUnstorableText(copy, [path]);
  if (bad) {
    throw invalidRecord(
      'series record',
      bad.join('.'),
      'holds text that cannot be stored (NUL characters or unpaired UTF-16 surrogates)',
    );
  }
  return copy;
}

/**
 * Check a series record before it is stored and return its stored form (config and standings
 * passed through JSON). Throws `PERSISTENCE_INVALID_RECORD` naming the field.
 */
export function checkSeriesRecord(record: SeriesRecord): SeriesRecord {
  checkFields('series record', '', record, SERIES_FIELDS);
  return {
    seriesId: record.seriesId,
    format: record.format,
    status: record.status,
    config:
      record.config === null ? jsonCopy(undefined, 'config') : jsonCopy(record.config, 'config'),
    standings: record.standings === null ? null : jsonCopy(record.standings, 'standings'),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
