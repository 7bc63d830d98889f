import type { GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from './in-memory-bus';
import type { BusMessage } from './message-bus';
import { publishGameEvents } from './publish-game-events';
import { TOPICS } from './topics';

const log = buildLog('g-routes', [
  { type: 'game_created', payload: { spec: testSpec() } },
  {
    type: 'narrator_line',
    payload: { turn: 0, trigger: 'opening', text: 'Welcome.', messageId: 'M1' },
  },
  { type: 'phase_changed', payload: { turn: 1, from: 'early', to: 'mid' } },
]);

describe('publishGameEvents', () => {
  it('publishes the log and each thematic topic, keyed by game id, in order', async () => {
    const bus = createInMemoryBus();
    const seen = new Map<string, string[]>();
    const topics = [TOPICS.gameEvents, TOPICS.turns, TOPICS.narrator, TOPICS.state, TOPICS.scoring];
    await Promise.all(
      topics.map((topic) =>
        bus.subscribe(topic, (msg: BusMessage) => {
          expect(msg.key).toBe('g-routes');
          seen.set(topic, [...(seen.get(topic) ?? []), msg.value.type]);
        }),
      ),
    );
    await publishGameEvents(bus, log);
    await bus.close();
    expect(Object.fromEntries(seen)).toEqual({
      [TOPICS.gameEvents]: ['game_created', 'narrator_line', 'phase_changed'],
      [TOPICS.turns]: ['game_created', 'phase_changed'],
      [TOPICS.narrator]: ['narrator_line'],
      [TOPICS.state]: ['phase_changed'],
    });
  });

  it('publishes nothing when an event is invalid', async () => {
    const bus = createInMemoryBus();
    const received: string[] = [];
    await bus.subscribe(TOPICS.turns, (msg) => void received.push(msg.value.type));
    const broken = { ...log[2], payload: { turn: -1 } } as unknown as GameEvent;
    await expect(publishGameEvents(bus, [log[0] as GameEvent, broken])).rejects.toThrow(
      /value\.payload\.turn/,
    );
    await publishGameEvents(bus, []);
    await bus.close();
    expect(received).toEqual([]);
  });
});
