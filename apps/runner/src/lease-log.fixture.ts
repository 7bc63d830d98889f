import { expect } from 'vitest';
import type { LogLine } from './runner-process.fixture';

/** A runner taking a game's lease, as its log says. */
export interface Acquisition {
  runner: string;
  token: number;
  time: number;
}

/** A batch of events a runner stored under a lease, as its log says. */
export interface StoredBatch {
  runner: string;
  token: number;
  first: number;
  last: number;
  time: number;
}

/** The log lines that say a runner took a game's lease. */
const ACQUIRED = new Set(['game_started', 'game_resumed', 'game_stopping']);

const num = (line: LogLine, field: string) => Number(line[field]);

/** Per game: the leases its drivers took and the batches they stored, from the runners' logs. */
export function driving(lines: readonly LogLine[], gameId: string) {
  const ofGame = lines.filter((l) => l['gameId'] === gameId);
  const acquisitions: Acquisition[] = ofGame
    .filter((l) => ACQUIRED.has(String(l['msg'])))
    .map((l) => ({ runner: String(l['runner']), token: num(l, 'token'), time: num(l, 'time') }));
  const batches: StoredBatch[] = ofGame
    .filter((l) => l['msg'] === 'events_stored')
    .map((l) => ({
      runner: String(l['runner']),
      token: num(l, 'token'),
      first: num(l, 'first'),
      last: num(l, 'last'),
      time: num(l, 'time'),
    }))
    .sort((x, y) => x.first - y.first);
  return { acquisitions, batches };
}

/**
 * No two drivers of one game overlap: every token is one runner's acquisition, no seq is stored
 * twice, no batch of an older lease follows one of a newer lease, and every holder stored its
 * last batch before the next holder took the lease. Returns the acquisitions by token.
 */
export function expectOneDriverAtATime(lines: readonly LogLine[], gameId: string): Acquisition[] {
  const { acquisitions, batches } = driving(lines, gameId);
  const byToken = new Map(acquisitions.map((a) => [a.token, a]));
  expect(byToken.size).toBe(acquisitions.length);
  batches.forEach((batch, i) => {
    expect(byToken.get(batch.token)?.runner).toBe(batch.runner);
    const previous = batches[i - 1];
    if (!previous) return;
    expect(batch.first).toBeGreaterThan(previous.last);
    expect(batch.token).toBeGreaterThanOrEqual(previous.token);
  });
  const ordered = [...acquisitions].sort((x, y) => x.token - y.token);
  ordered.forEach((acquisition, i) => {
    const next = ordered[i + 1];
    if (!next) return;
    const lastStored = Math.max(
      acquisition.time,
      ...batches.filter((b) => b.token === acquisition.token).map((b) => b.time),
    );
    expect(lastStored).toBeLessThanOrEqual(next.time);
  });
  return ordered;
}
