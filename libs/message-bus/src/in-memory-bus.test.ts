import type { GameEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { describe, expect, it, vi } from 'vitest';
import { BUS_ERROR_CODES } from './errors';
import { createInMemoryBus } from './in-memory-bus';
import type { Assignment, BusMessage } from './message-bus';
import { CONTRACT_RETRY_POLICY, messageBusContract } from './testing';
import { CATALOGUE_TOPICS, TOPICS } from './topics';

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

const seqOf = (msg: BusMessage) => (msg.value as GameEvent).seq;
const retry = CONTRACT_RETRY_POLICY;

describe('createInMemoryBus', () => {
  it('calls no handler before publish returns', async () => {
    const bus = createInMemoryBus();
    expect(bus.kind).toBe('memory');
    const received: BusMessage[] = [];
    await bus.subscribe(TOPICS.gameEvents, (msg) => {
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
    await bus.subscribe(TOPICS.gameEvents, async (msg) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      received.push(seqOf(msg));
    });
    await bus.publish(
      TOPICS.gameEvents,
      log('g').map((value) => ({ key: 'g', value })),
    );
    await bus.close();
    expect(received).toEqual([0, 1, 2]);
    await expect(bus.subscribe(TOPICS.gameEvents, () => undefined)).rejects.toMatchObject({
      code: BUS_ERROR_CODES.CLOSED,
    });
  });

  it('hands subscribers a frozen copy of what was published', async () => {
    const errors: unknown[] = [];
    const bus = createInMemoryBus({ onError: (err) => errors.push(err), retry });
    const seen: BusMessage[] = [];
    await bus.subscribe(TOPICS.gameEvents, (msg) => {
      seen.push(msg);
      (msg.value as { seq: number }).seq = 99;
    });
    const event = eventAt(log('g'), 1);
    await bus.publish(TOPICS.gameEvents, [{ key: 'g', value: event }]);
    (event.payload as { turn: number }).turn = 42;
    await bus.close();
    expect(seen[0]?.value).toMatchObject({ seq: 1, payload: { turn: 1 } });
    expect(seen).toHaveLength(retry.maxAttempts);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  it('passes values through unchecked when validation is off', async () => {
    const bus = createInMemoryBus({ validate: false });
    const received: unknown[] = [];
    await bus.subscribe('custom', (msg) => {
      received.push((msg.value as GameEvent).payload);
    });
    const odd = { ...eventAt(log('g'), 1), payload: { anything: true } } as unknown as GameEvent;
    await bus.publish('custom', [{ key: 'g', value: odd }]);
    await bus.close();
    expect(received).toEqual([{ anything: true }]);
  });

  it('writes dead-lettered failures to the console when no onError is given', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const bus = createInMemoryBus({ retry });
      await bus.subscribe(TOPICS.gameEvents, () => {
        throw new Error('boom');
      });
      await bus.publish(TOPICS.gameEvents, [{ key: 'g', value: eventAt(log('g'), 0) }]);
      await bus.close();
      expect(consoleError).toHaveBeenCalledWith(
        expect.stringContaining('arena.game-events failed on g:0'),
        expect.objectContaining({ message: 'boom' }),
      );
    } finally {
      consoleError.mockRestore();
    }
  });

  it('keeps delivering when the error reporter itself throws', async () => {
    const bus = createInMemoryBus({
      retry,
      onError: () => {
        throw new Error('reporter down');
      },
    });
    const received: number[] = [];
    await bus.subscribe(TOPICS.gameEvents, (msg) => {
      if (seqOf(msg) === 0) throw new Error('first fails');
      received.push(seqOf(msg));
    });
    await bus.publish(
      TOPICS.gameEvents,
      log('g').map((value) => ({ key: 'g', value })),
    );
    await bus.close();
    expect(received).toEqual([1, 2]);
    expect(await bus.deadLetters.list()).toHaveLength(1);
  });

  it('rejects an empty topic', async () => {
    const bus = createInMemoryBus();
    await expect(bus.subscribe('', () => undefined)).rejects.toMatchObject({
      code: BUS_ERROR_CODES.INVALID_TOPIC,
    });
    await expect(bus.publish('', [])).rejects.toMatchObject({
      code: BUS_ERROR_CODES.INVALID_TOPIC,
    });
  });

  it('keeps a long backlog in order', async () => {
    const bus = createInMemoryBus({ validate: false });
    const received: number[] = [];
    await bus.subscribe('backlog', (msg) => {
      received.push(seqOf(msg));
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

  it('hands a leaving member’s pending messages to the rest of its group', async () => {
    const bus = createInMemoryBus();
    const topic = TOPICS.commands;
    const seen: Record<string, string[]> = { a: [], b: [] };
    const assignments: Record<string, Assignment[]> = { a: [], b: [] };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const subscribe = (member: 'a' | 'b', slow: boolean) =>
      bus.subscribe(
        topic,
        async (msg) => {
          if (slow) await gate;
          seen[member]?.push(`${msg.key}:${seqOf(msg)}`);
        },
        { group: 'runners', onAssignment: (a) => assignments[member]?.push(a) },
      );
    const leaveA = await subscribe('a', true);
    expect(assignments.a?.[0]?.partitions).toHaveLength(12);
    await subscribe('b', false);
    expect(assignments.a).toHaveLength(2);
    const [ownA, ownB] = [assignments.a?.[1], assignments.b?.[0]] as [Assignment, Assignment];
    expect([...ownA.partitions, ...ownB.partitions].sort((x, y) => x - y)).toEqual(
      Array.from({ length: 12 }, (_, p) => p),
    );
    const games = Array.from({ length: 8 }, (_, i) => log(`g${i}`));
    await bus.publish(
      topic,
      games.flat().map((value) => ({ key: value.gameId, value })),
    );
    const leaving = leaveA();
    release();
    await leaving;
    await bus.close();
    const all = [...(seen.a ?? []), ...(seen.b ?? [])].sort();
    expect(all).toEqual(
      games
        .flat()
        .map((e) => `${e.gameId}:${e.seq}`)
        .sort(),
    );
    expect(seen.a?.length).toBeLessThanOrEqual(1);
    expect(assignments.b?.at(-1)?.partitions).toHaveLength(12);
  });

  it('answers the topic admin from the catalogue', async () => {
    const bus = createInMemoryBus();
    const listed = await bus.topics.list();
    expect(listed).toHaveLength(CATALOGUE_TOPICS.length);
    expect(listed[0]).toEqual({
      name: TOPICS.gameEvents,
      physicalName: TOPICS.gameEvents,
      exists: true,
      partitions: 12,
    });
    expect((await bus.topics.create([TOPICS.state]))[0]).toMatchObject({ outcome: 'exists' });
    await expect(bus.topics.create(['nope'])).rejects.toMatchObject({
      code: BUS_ERROR_CODES.UNKNOWN_TOPIC,
    });
    await bus.publish(
      TOPICS.gameEvents,
      log('g').map((value) => ({ key: 'g', value })),
    );
    const described = await bus.topics.describe(TOPICS.gameEvents);
    expect(described.partitionDetails).toHaveLength(12);
    expect(described.partitionDetails.reduce((sum, p) => sum + Number(p.high), 0)).toBe(3);
    expect(described.configs).toBeNull();
  });

  it('lists dead letters oldest first and replays them all', async () => {
    const bus = createInMemoryBus({ retry, onError: () => undefined });
    let failing = true;
    const handled: string[] = [];
    await bus.subscribe(TOPICS.gameEvents, (msg) => {
      if (failing) throw new Error(`no ${msg.key}`);
      handled.push(msg.key);
    });
    await bus.publish(TOPICS.gameEvents, [
      { key: 'g1', value: eventAt(log('g1'), 0) },
      { key: 'g2', value: eventAt(log('g2'), 0) },
    ]);
    await vi.waitFor(async () => expect(await bus.deadLetters.list()).toHaveLength(2));
    expect((await bus.deadLetters.list({ limit: 1 })).map((l) => l.id)).toEqual(['0:0']);
    failing = false;
    expect(await bus.deadLetters.replay('all')).toBe(2);
    await bus.close();
    expect(handled).toEqual(['g1', 'g2']);
    await expect(bus.deadLetters.replay('all')).rejects.toMatchObject({
      code: BUS_ERROR_CODES.CLOSED,
    });
  });
});
