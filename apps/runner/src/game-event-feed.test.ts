import { describe, expect, it } from 'vitest';
import { TOPICS, createInMemoryBus } from '@arena/message-bus';
import { envelopeEvent, type GameEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { openBusEventFeed } from './game-event-feed';
import { eventually } from './runner.fixture';

/** A schema-valid event of `gameId` at `seq` (the feed never looks inside). */
function created(gameId: string, seq = 0): GameEvent {
  return envelopeEvent(gameId, seq, Date.UTC(2026, 0, 1), {
    type: 'game_created',
    payload: { spec: testSpec() },
  });
}

describe('openBusEventFeed', () => {
  it("hands each game's events to that game's listeners only, until they unsubscribe", async () => {
    const bus = createInMemoryBus();
    const feed = await openBusEventFeed(bus, () => undefined);
    const heard: Array<[string, number]> = [];
    const stopA = await feed.subscribe('g-a', (events) =>
      events.forEach((e) => heard.push(['a', e.seq])),
    );
    await feed.subscribe('g-b', (events) => events.forEach((e) => heard.push(['b', e.seq])));

    await bus.publish(TOPICS.gameEvents, [
      { key: 'g-a', value: created('g-a') },
      { key: 'g-b', value: created('g-b') },
    ]);
    await eventually(
      async () => heard.length,
      (n) => n === 2,
    );
    expect(heard).toEqual([
      ['a', 0],
      ['b', 0],
    ]);

    stopA();
    await bus.publish(TOPICS.gameEvents, [
      { key: 'g-a', value: created('g-a', 1) },
      { key: 'g-b', value: created('g-b', 1) },
    ]);
    await eventually(
      async () => heard.length,
      (n) => n === 3,
    );
    expect(heard.at(-1)).toEqual(['b', 1]);
    await feed.close();
    await bus.close();
  });

  it('reports a failing listener and still serves the others', async () => {
    const bus = createInMemoryBus();
    const failures: Array<[string, number]> = [];
    const feed = await openBusEventFeed(bus, (error, event) =>
      failures.push([(error as Error).message, event.seq]),
    );
    await feed.subscribe('g-a', () => {
      throw new Error('stream gone');
    });
    const heard: GameEvent[] = [];
    await feed.subscribe('g-a', (events) => heard.push(...events));

    await bus.publish(TOPICS.gameEvents, [{ key: 'g-a', value: created('g-a') }]);
    await eventually(
      async () => heard.length,
      (n) => n === 1,
    );
    expect(failures).toEqual([['stream gone', 0]]);
    await feed.close();
    await bus.close();
  });
});
