import { ArenaError, type GameEvent } from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';

/** Longest lease time-to-live accepted: about 24 days, the largest a timer can wait. */
export const MAX_LEASE_TTL_MS = 2 ** 31 - 1;

/** Recent events kept per game unless configured otherwise. */
export const DEFAULT_RECENT_LIMIT = 200;

function invalidOption(option: string, value: unknown, allowed: string): ArenaError {
  return new ArenaError(`Option ${option} must be ${allowed}, got ${String(value)}`, {
    code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
    category: 'user',
    details: { option, value: String(value), allowed },
  });
}

function wholeNumber(option: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidOption(option, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

function text(option: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw invalidOption(option, value, 'a non-empty string of at most 200 characters');
  }
  return value;
}

/** Checked arguments of `acquire`. */
export function checkAcquire(gameId: string, owner: string, ttlMs: number): void {
  text('gameId', gameId);
  text('owner', owner);
  wholeNumber('ttlMs', ttlMs, 1, MAX_LEASE_TTL_MS);
}

/** Checked seq of `renew`: −1 (nothing stored yet) or a stored event's seq. */
export function checkSeq(seq: number): number {
  return wholeNumber('seq', seq, -1, Number.MAX_SAFE_INTEGER);
}

/** Checked count of `recent`. */
export function checkCount(n: number): number {
  return wholeNumber('n', n, 0, Number.MAX_SAFE_INTEGER);
}

/** Checked `recentLimit` option with its default. */
export function checkRecentLimit(limit: number | undefined): number {
  return limit === undefined ? DEFAULT_RECENT_LIMIT : wholeNumber('recentLimit', limit, 1, 100_000);
}

/** Checked duration option (ms) with its default. */
export function checkDuration(option: string, value: number | undefined, fallback: number): number {
  return value === undefined ? fallback : wholeNumber(option, value, 1, MAX_LEASE_TTL_MS);
}

/** Throws unless every event is of `gameId` and their seqs increase. */
export function checkPublished(gameId: string, events: readonly GameEvent[]): void {
  text('gameId', gameId);
  events.forEach((event, index) => {
    const previous = events[index - 1];
    if (event.gameId !== gameId || (previous && event.seq <= previous.seq)) {
      throw new ArenaError(
        `Published events must be of game ${gameId} in increasing seq order; event ${index} is ${event.gameId} seq ${event.seq}`,
        {
          code: PERSISTENCE_ERROR_CODES.INVALID_BATCH,
          category: 'user',
          details: { gameId, index, otherGameId: event.gameId, seq: event.seq },
        },
      );
    }
  });
}

/** Error for any call on a live state after `close()`. */
export function liveStateClosed(): ArenaError {
  return new ArenaError('The live state is closed', {
    code: PERSISTENCE_ERROR_CODES.LIVE_STATE_CLOSED,
  });
}

/** Default reporter of failures no caller awaits (a listener that threw, an undecodable message). */
export function reportToConsole(error: unknown): void {
  console.error('Live state:', error);
}
