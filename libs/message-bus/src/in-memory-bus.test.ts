import type { GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { describe, expect, it, vi } from 'vitest';
import { BUS_ERROR_CODES } from './errors';
import { createInMemoryBus } from './in-memory-bus';
import type { BusMessage } from './message-bus';
import { messageBusContract } from './testing';
import { TOPICS } from './topics';

messageBusContract('in-memory', (options) => createInMemoryBus(options));

/** The event at `index`, which the test knows exists. */
function eventAt(events: readonly GameEvent[], index: number): GameEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at index ${index}`);
  return event;
}

const log = (gameId: string): GameEvent[] =>
  buildLog(gameId, [
    { type: 'game_created', payload: { spec: testSpec() } },
    { type: 'turn_started', payload: { turn: 1, round: 1 } },
    { type: 'turn_started', payload: { turn: 2, round: 1 } },
  ]);

describe('createInMemoryBus', () => {
  it('calls no handler before publish returns', async () => {
    const bus = createInMemoryBus();
    const received: BusMessage[] = [];
    bus.subscribe(TOPICS.gameEvents, (msg) => {
      received.push(msg);
    });
    const publishing = bus.publish(TOPICS.gameEvents, [{ key: 'g', value: eventAt(log('g'), 0) }]);
    expect(received).toHaveLength(0);
    await publishing;
    await bus.close();
    expect(received).toHaveLength(1);
  });

  it('delivers what was already published before close resolves', async () => {
    const bus = createInMemoryBus();
    const received: number[] = [];
    bus.subscribe(TOPICS.gameEvents, async (msg) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      received.push(msg.value.seq);
    });
    await bus.publish(
      TOPICS.gameEvents,
      log('g').map((value) => ({ key: 'g', value })),
    );
    await bus.close();
    expect(received).toEqual([0, 1, 2]);
    expect(() => bus.subscribe(TOPICS.gameEvents, () => undefined)).toThrow(
      expect.objectContaining({ code: BUS_ERROR_CODES.CLOSED }),
    );
  });

  it('hands subscribers a frozen copy of what was published', async () => {
    const errors: unknown[] = [];
    const bus = createInMemoryBus({ onError: (err) => errors.push(err) });
    const seen: BusMessage[] = [];
    bus.subscribe(TOPICS.gameEvents, (msg) => {
      seen.push(msg);
      (msg.value as { seq: number }).seq = 99;
    });
    const event = eventAt(log('g'), 1);
    await bus.publish(TOPICS.gameEvents, [{ key: 'g', value: event }]);
    (event.payload as { turn: number }).turn = 42;
    await bus.close();
    expect(seen[0]?.value).toMatchObject({ seq: 1, payload: { turn: 1 } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  it('passes values through unchecked when validation is off', async () => {
    const bus = createInMemoryBus({ validate: false });
    const received: unknown[] = [];
    bus.subscribe('custom', (msg) => {
      received.push(msg.value.payload);
    });
    const odd = { ...eventAt(log('g'), 1), payload: { anything: true } } as unknown as GameEvent;
    await bus.publish('custom', [{ key: 'g', value: odd }]);
    await bus.close();
    expect(received).toEqual([{ anything: true }]);
  });

  it('writes handler failures to the console when no onError is given', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const bus = createInMemoryBus();
      bus.subscribe(TOPICS.gameEvents, () => {
        throw new Error('boom');
      });
      await bus.publish(TOPICS.gameEvents, [{ key: 'g', value: eventAt(log('g'), 0) }]);
      await bus.close();
      expect(consoleError).toHaveBeenCalledWith(
        expect.stringContaining('arena.game-events failed on event g:0'),
        expect.objectContaining({ message: 'boom' }),
      );
    } finally {
      consoleError.mockRestore();
    }
  });

  it('keeps delivering when the error reporter itself throws', async () => {
    const bus = createInMemoryBus({
      onError: () => {
        throw new Error('reporter down');
      },
    });
    const received: number[] = [];
    bus.subscribe(TOPICS.gameEvents, (msg) => {
      if (msg.value.seq === 0) throw new Error('first fails');
      received.push(msg.value.seq);
    });
    await bus.publish(
      TOPICS.gameEvents,
      log('g').map((value) => ({ key: 'g', value })),
    );
    await bus.close();
    expect(received).toEqual([1, 2]);
  });

  it('rejects an empty topic', async () => {
    const bus = createInMemoryBus();
    expect(() => bus.subscribe('', () => undefined)).toThrow(
      expect.objectContaining({ code: BUS_ERROR_CODES.INVALID_TOPIC }),
    );
    await expect(bus.publish('', [])).rejects.toMatchObject({
      code: BUS_ERROR_CODES.INVALID_TOPIC,
    });
  });

  it('keeps a long backlog in order', async () => {
    const bus = createInMemoryBus({ validate: false });
    const received: number[] = [];
    bus.subscribe('backlog', (msg) => {
      received.push(msg.value.seq);
    });
    const template = eventAt(log('g'), 1);
    const count = 5000;
    await bus.publish(
      'backlog',
      Array.from({ length: count }, (_, seq) => ({ key: 'g', value: { ...template, seq } })),
    );
    await bus.close();
    expect(received).toEqual(Array.from({ length: count }, (_, seq) => seq));
  });
});
