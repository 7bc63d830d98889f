import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { hasErrorCode, steppingClock } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore, type EventStore } from '@arena/persistence';
import { createRatingUpdater } from '@arena/scoring';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { playGame } from './games';
import { rebuildStoredRatings } from './ratings';

const SEEDS = [3, 8, 21] as const;

async function playAll(store: EventStore, onEnded?: (played: number) => Promise<void>) {
  const services = { store, bus: createInMemoryBus(), clock: steppingClock() };
  for (const [i, seed] of SEEDS.entries()) {
    await playGame(services, testSpec({ maxTurns: 12, seed }), { gameId: `g-${seed}` });
    await onEnded?.(i + 1);
  }
}

describe('ratings of played games', () => {
  it('moves with every game that ends and rebuilds to the same numbers from the log', async () => {
    const store = createMemoryEventStore({ ratings: createRatingUpdater() });
    await playAll(store, async (played) => {
      const rows = await store.listRatings({ pool: 'character' });
      expect(rows.map((r) => r.games)).toEqual([played, played, played, played]);
      expect(rows.map((r) => r.lastGameId)).toEqual(Array(4).fill(`g-${SEEDS[played - 1]}`));
    });
    const kept = await store.listRatings({ pool: 'character' });
    // Every seat plays sim: the model pool has a single team and does not move.
    expect(await store.listRatings({ pool: 'model' })).toEqual([]);

    const rebuilt = await rebuildStoredRatings(store);
    expect(rebuilt).toEqual({ gamesRead: 3, gamesRated: 3, keys: { character: 4, model: 0 } });
    expect(await store.listRatings({ pool: 'character' })).toEqual(kept);
  });

  it('fills a store that kept no ratings with what the updater would have kept', async () => {
    const plain = createMemoryEventStore();
    const rated = createMemoryEventStore({ ratings: createRatingUpdater() });
    await playAll(plain);
    await playAll(rated);
    expect(await plain.listRatings({ pool: 'character' })).toEqual([]);
    await rebuildStoredRatings(plain);
    expect(await plain.listRatings({ pool: 'character' })).toEqual(
      await rated.listRatings({ pool: 'character' }),
    );
  });

  it('pages through more finished games than one page holds', async () => {
    const store = createMemoryEventStore({ ratings: createRatingUpdater() });
    const services = { store, bus: createInMemoryBus(), clock: steppingClock() };
    const ids = Array.from({ length: 3 }, (_, i) => `g-page-${i}`);
    for (const [i, gameId] of ids.entries()) {
      await playGame(services, testSpec({ maxTurns: 4, seed: 40 + i }), { gameId });
    }
    const kept = await store.listRatings({ pool: 'character' });
    await store.replaceRatings([]);
    const rebuilt = await rebuildStoredRatings(store, { pageSize: 2 });
    expect(rebuilt.gamesRead).toBe(3);
    expect(await store.listRatings({ pool: 'character' })).toEqual(kept);
  });

  it('reads the log again when a game ends while the ratings are being replaced', async () => {
    const store = createMemoryEventStore({ ratings: createRatingUpdater() });
    await playAll(store);
    const services = { store, bus: createInMemoryBus(), clock: steppingClock() };
    let late = false;
    // The game ends between the rebuild's read of the log and its replacement of the ratings,
    // so the replacement drops the game's own update.
    const racing = {
      finishedGames: (options?: { limit?: number; offset?: number }) =>
        store.finishedGames(options),
      replaceRatings: async (rows: Parameters<EventStore['replaceRatings']>[0]) => {
        if (!late) {
          late = true;
          await playGame(services, testSpec({ maxTurns: 12, seed: 99 }), { gameId: 'g-late' });
        }
        await store.replaceRatings(rows);
      },
    };
    const rebuilt = await rebuildStoredRatings(racing);
    expect(rebuilt.gamesRead).toBe(SEEDS.length + 1);
    const rows = await store.listRatings({ pool: 'character' });
    expect(rows.map((r) => r.games)).toEqual(Array(4).fill(SEEDS.length + 1));
  });

  it('rejects a page size below 1, naming it', async () => {
    const error = await rebuildStoredRatings(createMemoryEventStore(), { pageSize: 0 }).catch(
      (e: unknown) => e,
    );
    expect(hasErrorCode(error, ORCHESTRATION_ERROR_CODES.INVALID_RATINGS_OPTIONS)).toBe(true);
    expect(String(error)).toContain('pageSize');
  });
});
