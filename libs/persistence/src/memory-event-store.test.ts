import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from './memory-event-store';
import { playedGameLog } from './played-game';
import { eventStoreContract } from './testing';

eventStoreContract('memory', async (options) => createMemoryEventStore(options));

describe('memory event store without a rating updater', () => {
  it('stores finished games and leaves ratings alone', async () => {
    const store = createMemoryEventStore();
    await store.append(playedGameLog('unrated'));
    expect(await store.placements('unrated')).toHaveLength(4);
    expect(await store.listRatings({ pool: 'character' })).toEqual([]);
  });
});
