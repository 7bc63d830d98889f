import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeduplicator } from './dedupe';
import type { BusMessage } from './message-bus';

const event = (gameId: string, seq: number) =>
  ({
    topic: 't',
    key: gameId,
    value: { gameId, seq, type: 'turn_started', id: `${gameId}:${seq}` },
    headers: {},
  }) as unknown as BusMessage;

const command = (id: string) =>
  ({
    topic: 't',
    key: 'g',
    value: { gameId: 'g', id, type: 'start_game' },
    headers: {},
  }) as unknown as BusMessage;

describe('createDeduplicator', () => {
  it('skips an event handled before, by game id and seq', () => {
    const seen = createDeduplicator();
    expect(seen.isDuplicate(event('g', 0))).toBe(false);
    seen.markHandled(event('g', 0));
    expect(seen.isDuplicate(event('g', 0))).toBe(true);
    expect(seen.isDuplicate(event('g', 1))).toBe(false);
    expect(seen.isDuplicate(event('h', 0))).toBe(false);
  });

  it('lets a gap left by a dead letter through when it comes back', () => {
    const seen = createDeduplicator();
    for (const seq of [0, 1, 3, 4]) seen.markHandled(event('g', seq));
    expect(seen.isDuplicate(event('g', 2))).toBe(false);
    expect(seen.isDuplicate(event('g', 3))).toBe(true);
    seen.markHandled(event('g', 2));
    for (const seq of [0, 1, 2, 3, 4]) expect(seen.isDuplicate(event('g', seq))).toBe(true);
    expect(seen.isDuplicate(event('g', 5))).toBe(false);
  });

  it('starts a game wherever the subscription joined it', () => {
    const seen = createDeduplicator();
    seen.markHandled(event('g', 50));
    seen.markHandled(event('g', 51));
    expect(seen.isDuplicate(event('g', 49))).toBe(false);
    expect(seen.isDuplicate(event('g', 51))).toBe(true);
  });

  it('remembers commands by id, forgetting the oldest beyond its bound', () => {
    const seen = createDeduplicator({ maxCommands: 2 });
    for (const id of ['a', 'b', 'c']) seen.markHandled(command(id));
    expect(seen.isDuplicate(command('a'))).toBe(false);
    expect(seen.isDuplicate(command('b'))).toBe(true);
    expect(seen.isDuplicate(command('c'))).toBe(true);
  });

  it('forgets the least recently seen game first', () => {
    const seen = createDeduplicator({ maxGames: 2 });
    seen.markHandled(event('a', 0));
    seen.markHandled(event('b', 0));
    seen.markHandled(event('a', 1));
    seen.markHandled(event('c', 0));
    expect(seen.isDuplicate(event('a', 0))).toBe(true);
    expect(seen.isDuplicate(event('b', 0))).toBe(false);
    expect(seen.isDuplicate(event('c', 0))).toBe(true);
  });

  it('fills the oldest gap when a game has too many', () => {
    const seen = createDeduplicator({ maxRunsPerGame: 2 });
    for (const seq of [0, 2, 4]) seen.markHandled(event('g', seq));
    expect(seen.isDuplicate(event('g', 1))).toBe(true);
    expect(seen.isDuplicate(event('g', 3))).toBe(false);
  });

  it('agrees with a plain set for any order of handled seqs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 200 }), (seqs) => {
        const seen = createDeduplicator({ maxRunsPerGame: 1000 });
        const handled = new Set<number>();
        for (const seq of seqs) {
          expect(seen.isDuplicate(event('g', seq))).toBe(handled.has(seq));
          seen.markHandled(event('g', seq));
          handled.add(seq);
        }
        for (let seq = 0; seq <= 61; seq++) {
          expect(seen.isDuplicate(event('g', seq))).toBe(handled.has(seq));
        }
      }),
    );
  });

  it('ignores values that are neither events nor commands', () => {
    const seen = createDeduplicator();
    const odd = {
      topic: 't',
      key: 'g',
      value: { anything: true },
      headers: {},
    } as unknown as BusMessage;
    seen.markHandled(odd);
    expect(seen.isDuplicate(odd)).toBe(false);
  });
});
