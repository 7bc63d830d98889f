import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createGame, driveGame } from '@arena/orchestration';
import { createMemoryEventStore, createMemoryLiveState } from '@arena/persistence';
import { createEventPrinter } from '../event-printer';
import { recordingOutput } from '../testing-output';
import { watchStore } from './watch';

function services(withLive: boolean) {
  const live = createMemoryLiveState();
  return {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
    live,
    // A watcher in another process hears nothing from in-process live state: only polling.
    watcherLive: withLive ? live : createMemoryLiveState(),
  };
}

describe('watchStore', () => {
  for (const pushed of [true, false]) {
    it(`prints every event once, in order, until the game ends (${pushed ? 'pushed by live state' : 'polled'})`, async () => {
      const s = services(pushed);
      await createGame(s, testSpec({ maxTurns: 10, seed: 2 }), { gameId: 'g-watch' });
      const out = recordingOutput();
      const watching = watchStore(
        { store: s.store, live: s.watcherLive },
        'g-watch',
        createEventPrinter(out, { json: true }),
        new AbortController().signal,
        10,
      );
      await driveGame(s, 'g-watch', { owner: 'test', ttlMs: 60_000 });
      expect(await watching).toBe('ended');
      const printed = out.stdout.map((line) => JSON.parse(line) as GameEvent);
      expect(printed).toEqual(await s.store.load('g-watch'));
    });
  }

  it('stops when its signal aborts, before the game ends', async () => {
    const s = services(true);
    await createGame(s, testSpec({ maxTurns: 10 }), { gameId: 'g-idle' });
    const stop = new AbortController();
    const out = recordingOutput();
    const watching = watchStore(
      s,
      'g-idle',
      createEventPrinter(out, { json: true }),
      stop.signal,
      10,
    );
    stop.abort();
    expect(await watching).toBe('stopped');
    expect(out.stdout.length).toBeLessThanOrEqual(1);
  });
});
