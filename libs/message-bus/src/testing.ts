/**
 * The {@link MessageBus} contract as a vitest suite, for every implementation (in-process,
 * Kafka). Import from `@arena/message-bus/testing`; never shipped in the main barrel.
 */
import type { GameEvent, NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUS_ERROR_CODES } from './errors';
import type { BusMessage, MessageBus } from './message-bus';

/** What the contract passes to `create`. */
export interface MessageBusContractOptions {
  /** Must receive every error a handler throws, with the message it was handling. */
  onError: (err: unknown, msg: BusMessage) => void;
}

/** The event at `index`, which the test knows exists. */
function eventAt(events: readonly GameEvent[], index: number): GameEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at index ${index}`);
  return event;
}

/** Long enough for a networked bus to deliver; the in-process bus needs a few microtasks. */
const DELIVERY = { timeout: 15_000, interval: 5 };

function gameEvents(gameId: string, turns: number): GameEvent[] {
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
  for (let turn = 1; turn <= turns; turn++) {
    events.push({ type: 'turn_started', payload: { turn, round: turn } });
  }
  return buildLog(gameId, events);
}

const outgoing = (events: readonly GameEvent[]) =>
  events.map((value) => ({ key: value.gameId, value }));

/**
 * Run the MessageBus contract. `create` is called once per test with the `onError` to use; each
 * test uses its own topics, subscribes before it publishes, and closes the bus afterwards.
 *
 * @example
 * messageBusContract('in-memory', (options) => createInMemoryBus(options));
 */
export function messageBusContract(
  name: string,
  create: (options: MessageBusContractOptions) => MessageBus | Promise<MessageBus>,
): void {
  describe(`MessageBus contract: ${name}`, () => {
    let bus: MessageBus | undefined;
    let errors: Array<{ err: unknown; msg: BusMessage }> = [];
    let topics = 0;
    const newTopic = () => `arena.contract-${++topics}`;

    async function open(): Promise<MessageBus> {
      errors = [];
      bus = await create({ onError: (err, msg) => errors.push({ err, msg }) });
      return bus;
    }

    afterEach(async () => {
      await bus?.close();
      bus = undefined;
    });

    it('delivers a topic in publish order with key, value and envelope headers', async () => {
      const b = await open();
      const topic = newTopic();
      const received: BusMessage[] = [];
      b.subscribe(topic, (msg) => {
        received.push(msg);
      });
      const events = gameEvents('g-order', 4);
      await b.publish(topic, [
        { key: 'g-order', value: eventAt(events, 0), headers: { trace: 't-1' } },
      ]);
      await b.publish(topic, outgoing(events.slice(1)));
      await vi.waitFor(() => expect(received).toHaveLength(events.length), DELIVERY);
      expect(received.map((m) => m.value)).toStrictEqual(events);
      expect(received[0]).toMatchObject({
        topic,
        key: 'g-order',
        headers: {
          trace: 't-1',
          type: 'game_created',
          'schema-version': '1',
          'game-id': 'g-order',
          seq: '0',
          'event-id': 'g-order:0',
        },
      });
      expect(received[3]?.headers).toStrictEqual({
        type: 'turn_started',
        'schema-version': '1',
        'game-id': 'g-order',
        seq: '3',
        'event-id': 'g-order:3',
      });
    });

    it('keeps topics apart and gives every subscriber every message', async () => {
      const b = await open();
      const [topic, other] = [newTopic(), newTopic()];
      const first: number[] = [];
      const second: number[] = [];
      const elsewhere: number[] = [];
      b.subscribe(topic, (msg) => {
        first.push(msg.value.seq);
      });
      b.subscribe(topic, async (msg) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        second.push(msg.value.seq);
      });
      b.subscribe(other, (msg) => {
        elsewhere.push(msg.value.seq);
      });
      await b.publish(topic, outgoing(gameEvents('g-fanout', 5)));
      await vi.waitFor(() => expect(second).toHaveLength(6), DELIVERY);
      expect(first).toEqual([0, 1, 2, 3, 4, 5]);
      expect(second).toEqual([0, 1, 2, 3, 4, 5]);
      expect(elsewhere).toEqual([]);
    });

    it("keeps each game's events in order when games interleave", async () => {
      const b = await open();
      const topic = newTopic();
      const seqs = new Map<string, number[]>();
      b.subscribe(topic, (msg) => {
        seqs.set(msg.key, [...(seqs.get(msg.key) ?? []), msg.value.seq]);
      });
      const games = ['g-a', 'g-b', 'g-c'].map((id) => gameEvents(id, 9));
      const publishing: Promise<void>[] = [];
      for (let seq = 0; seq < 10; seq++) {
        for (const game of games) publishing.push(b.publish(topic, outgoing([eventAt(game, seq)])));
      }
      await Promise.all(publishing);
      const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
      await vi.waitFor(
        () => expect([...seqs.values()].flat()).toHaveLength(expected.length * games.length),
        DELIVERY,
      );
      for (const id of ['g-a', 'g-b', 'g-c']) expect(seqs.get(id)).toEqual(expected);
    });

    it('does not let a slow subscriber hold up the publisher or the others', async () => {
      const b = await open();
      const topic = newTopic();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow: number[] = [];
      const fast: number[] = [];
      b.subscribe(topic, async (msg) => {
        await gate;
        slow.push(msg.value.seq);
      });
      b.subscribe(topic, (msg) => {
        fast.push(msg.value.seq);
      });
      const events = gameEvents('g-slow', 19);
      for (const event of events) await b.publish(topic, outgoing([event]));
      await vi.waitFor(() => expect(fast).toHaveLength(20), DELIVERY);
      expect(slow).toEqual([]);
      release();
      await vi.waitFor(() => expect(slow).toHaveLength(20), DELIVERY);
      expect(slow).toEqual(events.map((e) => e.seq));
    });

    it('stops delivering to a handler once unsubscribed', async () => {
      const b = await open();
      const topic = newTopic();
      const events = gameEvents('g-unsub', 2);
      const leaving: number[] = [];
      const staying: number[] = [];
      const unsubscribe = b.subscribe(topic, (msg) => {
        leaving.push(msg.value.seq);
      });
      b.subscribe(topic, (msg) => {
        staying.push(msg.value.seq);
      });
      await b.publish(topic, outgoing(events.slice(0, 1)));
      await vi.waitFor(() => expect(leaving).toEqual([0]), DELIVERY);
      unsubscribe();
      unsubscribe();
      await b.publish(topic, outgoing(events.slice(1)));
      await vi.waitFor(() => expect(staying).toEqual([0, 1, 2]), DELIVERY);
      expect(leaving).toEqual([0]);
    });

    it('reports a failing handler and keeps delivering to it and to others', async () => {
      const b = await open();
      const topic = newTopic();
      const events = gameEvents('g-failing', 3);
      const survived: number[] = [];
      const others: number[] = [];
      b.subscribe(topic, async (msg) => {
        if (msg.value.seq === 1) throw new Error('sync failure');
        if (msg.value.seq === 2) await Promise.reject(new Error('async failure'));
        survived.push(msg.value.seq);
      });
      b.subscribe(topic, (msg) => {
        others.push(msg.value.seq);
      });
      await b.publish(topic, outgoing(events));
      await vi.waitFor(() => expect(survived).toEqual([0, 3]), DELIVERY);
      await vi.waitFor(() => expect(others).toEqual([0, 1, 2, 3]), DELIVERY);
      expect(errors.map((e) => [String(e.err), e.msg.value.seq])).toEqual([
        ['Error: sync failure', 1],
        ['Error: async failure', 2],
      ]);
    });

    it('rejects an invalid message, naming the field, and publishes none of the call', async () => {
      const b = await open();
      const topic = newTopic();
      const received: number[] = [];
      b.subscribe(topic, (msg) => {
        received.push(msg.value.seq);
      });
      const events = gameEvents('g-invalid', 1);
      const [created, started] = [eventAt(events, 0), eventAt(events, 1)];
      const broken = { ...started, payload: { turn: 'one', round: 1 } } as unknown as GameEvent;
      const failure = await b.publish(topic, outgoing([created, broken])).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toMatchObject({ code: BUS_ERROR_CODES.INVALID_MESSAGE });
      expect(String((failure as Error).message)).toMatch(/message 1\b[\s\S]*value\.payload\.turn/);
      await expect(b.publish(topic, [{ key: '', value: created }])).rejects.toMatchObject({
        code: BUS_ERROR_CODES.INVALID_MESSAGE,
      });
      await b.publish(topic, outgoing([started]));
      await vi.waitFor(() => expect(received).toEqual([1]), DELIVERY);
    });

    it('refuses to publish once closed', async () => {
      const b = await open();
      await b.close();
      await expect(
        b.publish(newTopic(), outgoing(gameEvents('g-closed', 0))),
      ).rejects.toMatchObject({ code: BUS_ERROR_CODES.CLOSED });
    });
  });
}
