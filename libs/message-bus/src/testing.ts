/**
 * The {@link MessageBus} contract as a vitest suite, for every implementation (in-process,
 * Kafka). Import from `@arena/message-bus/testing`; never shipped in the main barrel.
 */
import { GameCommandSchema, type GameCommand, type GameEvent, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUS_ERROR_CODES } from './errors';
import type { Assignment, BusMessage, MessageBus, OutgoingMessage } from './message-bus';
import { RetryPolicySchema, type RetryPolicy } from './retry';
import { CATALOGUE_TOPICS } from './topics';

/** What the contract passes to `create`. */
export interface MessageBusContractOptions {
  /** Must receive every message that went to the dead letters, with the error. */
  onError: (err: unknown, msg: BusMessage) => void;
  /** Must be the bus's retry policy (short delays, so failures settle quickly). */
  retry: RetryPolicy;
}

/** Three attempts a few ms apart; `CONTRACT_FATAL` is never retried. */
export const CONTRACT_RETRY_POLICY: RetryPolicy = RetryPolicySchema.parse({
  maxAttempts: 3,
  initialDelayMs: 5,
  maxDelayMs: 20,
  nonRetriableCodes: ['CONTRACT_FATAL'],
});

/**
 * Kafka bus timings for tests against the mock cluster (`startKafkaMock`): short sessions and
 * heartbeats so joins and rebalances settle in seconds, short fetch waits.
 */
export const KAFKA_MOCK_BUS_OPTIONS = {
  sessionTimeoutMs: 3000,
  heartbeatIntervalMs: 500,
  lingerMs: 2,
  maxWaitTimeMs: 100,
} as const;

/** Long enough for a networked bus to deliver (a group join takes seconds); in-process needs microtasks. */
const DELIVERY = { timeout: 30_000, interval: 10 };

/** The event at `index`, which the test knows exists. */
function eventAt(events: readonly GameEvent[], index: number): GameEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at index ${index}`);
  return event;
}

function gameEvents(gameId: string, turns: number): GameEvent[] {
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
  for (let turn = 1; turn <= turns; turn++) {
    events.push({ type: 'turn_started', payload: { turn, round: turn } });
  }
  return buildLog(gameId, events);
}

const outgoing = (events: readonly GameEvent[]): OutgoingMessage[] =>
  events.map((value) => ({ key: value.gameId, value }));

/** The seq of an event message. */
const seqOf = (msg: BusMessage): number => (msg.value as GameEvent).seq;

function command(
  type: 'start_game' | 'resume_game' | 'stop_game',
  gameId: string,
  id: string,
): GameCommand {
  return GameCommandSchema.parse({
    schemaVersion: 1,
    id,
    gameId,
    issuedAt: '2026-01-02T03:04:05.000Z',
    issuedBy: 'contract',
    type,
    ...(type === 'stop_game' ? { reason: 'operator asked' } : {}),
  });
}

/** A thrown error with a code, as libraries throw them. */
function coded(code: string, message: string, retriable = false): Error {
  return Object.assign(new Error(message), { code, retriable });
}

/**
 * Run the MessageBus contract. `create` is called once per test with the `onError` and retry
 * policy to use; each test uses its own topics and groups, waits for `subscribe` before it
 * publishes, and closes the bus afterwards.
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
    const run = randomBytes(3).toString('hex');
    let topics = 0;
    const newTopic = () => `arena.contract-${run}-${++topics}`;
    const newGroup = () => `contract-${run}-${++topics}`;

    async function open(): Promise<MessageBus> {
      errors = [];
      bus = await create({
        onError: (err, msg) => errors.push({ err, msg }),
        retry: CONTRACT_RETRY_POLICY,
      });
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
      await b.subscribe(topic, (msg) => {
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
        headers: { trace: 't-1', type: 'game_created', seq: '0' },
      });
      expect(received[3]?.headers).toStrictEqual({
        'arena-envelope': '1',
        kind: 'event',
        type: 'turn_started',
        'schema-version': '1',
        'game-id': 'g-order',
        seq: '3',
        'event-id': 'g-order:3',
        'causation-id': '',
        'produced-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        'content-type': 'application/json',
      });
    });

    it('round-trips commands with a command envelope', async () => {
      const b = await open();
      const topic = newTopic();
      const received: BusMessage[] = [];
      await b.subscribe(topic, (msg) => {
        received.push(msg);
      });
      const commands = [
        command('start_game', 'g-cmd', 'c-1'),
        command('stop_game', 'g-cmd', 'c-2'),
        command('resume_game', 'g-cmd', 'c-3'),
      ];
      await b.publish(
        topic,
        commands.map((value) => ({ key: value.gameId, value })),
      );
      await vi.waitFor(() => expect(received).toHaveLength(3), DELIVERY);
      expect(received.map((m) => m.value)).toStrictEqual(commands);
      expect(received[1]?.headers).toMatchObject({
        kind: 'command',
        type: 'stop_game',
        'game-id': 'g-cmd',
        'event-id': 'c-2',
        'causation-id': '',
      });
      expect(received[1]?.headers).not.toHaveProperty('seq');
    });

    it('keeps topics apart and gives every subscriber every message', async () => {
      const b = await open();
      const [topic, other] = [newTopic(), newTopic()];
      const first: number[] = [];
      const second: number[] = [];
      const elsewhere: number[] = [];
      await Promise.all([
        b.subscribe(topic, (msg) => {
          first.push(seqOf(msg));
        }),
        b.subscribe(topic, async (msg) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          second.push(seqOf(msg));
        }),
        b.subscribe(other, (msg) => {
          elsewhere.push(seqOf(msg));
        }),
      ]);
      await b.publish(topic, outgoing(gameEvents('g-fanout', 5)));
      await vi.waitFor(() => expect(second).toHaveLength(6), DELIVERY);
      await vi.waitFor(() => expect(first).toHaveLength(6), DELIVERY);
      expect(first).toEqual([0, 1, 2, 3, 4, 5]);
      expect(second).toEqual([0, 1, 2, 3, 4, 5]);
      expect(elsewhere).toEqual([]);
    });

    it("keeps each game's events in order when games interleave", async () => {
      const b = await open();
      const topic = newTopic();
      const seqs = new Map<string, number[]>();
      await b.subscribe(topic, (msg) => {
        seqs.set(msg.key, [...(seqs.get(msg.key) ?? []), seqOf(msg)]);
      });
      const ids = ['g-a', 'g-b', 'g-c', 'g-d', 'g-e'];
      const games = ids.map((id) => gameEvents(id, 9));
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
      for (const id of ids) expect(seqs.get(id)).toEqual(expected);
    });

    it('skips an event or a command it has already handled', async () => {
      const b = await open();
      const topic = newTopic();
      const received: string[] = [];
      await b.subscribe(topic, (msg) => {
        received.push(msg.headers['event-id'] as string);
      });
      const events = gameEvents('g-dup', 2);
      const start = command('start_game', 'g-dup', 'c-dup');
      await b.publish(topic, outgoing(events.slice(0, 2)));
      await b.publish(topic, [
        ...outgoing([eventAt(events, 1), eventAt(events, 0)]),
        { key: 'g-dup', value: start },
        { key: 'g-dup', value: start },
        ...outgoing(events.slice(2)),
      ]);
      await vi.waitFor(() => expect(received).toContain('g-dup:2'), DELIVERY);
      expect(received).toEqual(['g-dup:0', 'g-dup:1', 'c-dup', 'g-dup:2']);
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
      await Promise.all([
        b.subscribe(topic, async (msg) => {
          await gate;
          slow.push(seqOf(msg));
        }),
        b.subscribe(topic, (msg) => {
          fast.push(seqOf(msg));
        }),
      ]);
      const events = gameEvents('g-slow', 19);
      for (const event of events) await b.publish(topic, outgoing([event]));
      await vi.waitFor(() => expect(fast).toHaveLength(20), DELIVERY);
      expect(slow).toEqual([]);
      release();
      await vi.waitFor(() => expect(slow).toHaveLength(20), DELIVERY);
      expect(slow).toEqual(events.map((e) => e.seq));
    });

    it('stops delivering once unsubscribed, after the message in hand is finished', async () => {
      const b = await open();
      const topic = newTopic();
      const events = gameEvents('g-unsub', 2);
      const leaving: number[] = [];
      const staying: number[] = [];
      let finishInHand: () => void = () => undefined;
      const inHand = new Promise<void>((resolve) => {
        finishInHand = resolve;
      });
      let started = false;
      const [unsubscribe] = await Promise.all([
        b.subscribe(topic, async (msg) => {
          started = true;
          await inHand;
          leaving.push(seqOf(msg));
        }),
        b.subscribe(topic, (msg) => {
          staying.push(seqOf(msg));
        }),
      ]);
      await b.publish(topic, outgoing(events.slice(0, 1)));
      await vi.waitFor(() => expect(started).toBe(true), DELIVERY);
      const leaving1 = unsubscribe();
      setTimeout(finishInHand, 20);
      await leaving1;
      expect(leaving).toEqual([0]);
      await unsubscribe();
      await b.publish(topic, outgoing(events.slice(1)));
      await vi.waitFor(() => expect(staying).toEqual([0, 1, 2]), DELIVERY);
      expect(leaving).toEqual([0]);
    });

    it('dead-letters a message whose handler keeps failing, reports it, and moves on', async () => {
      const b = await open();
      const topic = newTopic();
      const events = gameEvents('g-failing', 4);
      const attempts = new Map<number, number>();
      const survived: number[] = [];
      const others: number[] = [];
      await Promise.all([
        b.subscribe(topic, async (msg) => {
          const seq = seqOf(msg);
          attempts.set(seq, (attempts.get(seq) ?? 0) + 1);
          if (seq === 1) throw new Error('always fails');
          if (seq === 2 && attempts.get(seq) === 1) await Promise.reject(new Error('fails once'));
          if (seq === 3) throw coded('CONTRACT_FATAL', 'never retried');
          survived.push(seq);
        }),
        b.subscribe(topic, (msg) => {
          others.push(seqOf(msg));
        }),
      ]);
      await b.publish(topic, outgoing(events));
      await vi.waitFor(() => expect(survived).toEqual([0, 2, 4]), DELIVERY);
      await vi.waitFor(() => expect(others).toEqual([0, 1, 2, 3, 4]), DELIVERY);
      await vi.waitFor(() => expect(errors).toHaveLength(2), DELIVERY);
      expect(Object.fromEntries(attempts)).toEqual({ 0: 1, 1: 3, 2: 2, 3: 1, 4: 1 });
      expect(errors.map((e) => [String(e.err), seqOf(e.msg)])).toEqual([
        ['Error: always fails', 1],
        ['Error: never retried', 3],
      ]);
      const letters = (await b.deadLetters.list()).filter((l) => l.topic === topic);
      expect(letters).toHaveLength(2);
      expect(letters[0]).toMatchObject({
        topic,
        key: 'g-failing',
        encoding: 'utf8',
        group: null,
        error: { code: BUS_ERROR_CODES.HANDLER_FAILED, message: 'always fails', attempts: 3 },
        headers: { 'event-id': 'g-failing:1', 'game-id': 'g-failing' },
      });
      expect(JSON.parse(letters[0]?.value ?? 'null')).toStrictEqual(eventAt(events, 1));
      expect(letters[1]?.error).toEqual({
        code: 'CONTRACT_FATAL',
        message: 'never retried',
        attempts: 1,
      });
      expect(Number.isNaN(Date.parse(letters[1]?.failedAt ?? ''))).toBe(false);
    });

    it('replays a dead letter to the subscriber that failed it, not to those that handled it', async () => {
      const b = await open();
      const topic = newTopic();
      const group = newGroup();
      const events = gameEvents('g-replay', 2);
      let broken = true;
      const fixed: BusMessage[] = [];
      const watcher: number[] = [];
      await Promise.all([
        b.subscribe(
          topic,
          (msg) => {
            if (broken && seqOf(msg) === 1) throw coded('CONTRACT_FATAL', 'not yet');
            fixed.push(msg);
          },
          { group, fromBeginning: true },
        ),
        b.subscribe(topic, (msg) => {
          watcher.push(seqOf(msg));
        }),
      ]);
      await b.publish(topic, outgoing(events.slice(0, 2)));
      await vi.waitFor(() => expect(errors).toHaveLength(1), DELIVERY);
      await vi.waitFor(() => expect(watcher).toEqual([0, 1]), DELIVERY);
      const [letter] = (await b.deadLetters.list()).filter((l) => l.topic === topic);
      expect(letter).toMatchObject({ group, error: { code: 'CONTRACT_FATAL', attempts: 1 } });
      await expect(b.deadLetters.replay(['0:999999'])).rejects.toMatchObject({
        code: BUS_ERROR_CODES.UNKNOWN_DEAD_LETTER,
      });
      broken = false;
      expect(await b.deadLetters.replay([letter?.id ?? ''])).toBe(1);
      // The same game's next event comes after the replay: the watcher, which handled the
      // replayed event the first time, skips it as a repeat.
      await b.publish(topic, outgoing(events.slice(2)));
      await vi.waitFor(() => expect(fixed.map(seqOf)).toEqual([0, 1, 2]), DELIVERY);
      expect(fixed[1]?.headers['dlq-replayed-from']).toBe(letter?.id);
      expect(fixed[1]?.value).toStrictEqual(eventAt(events, 1));
      await vi.waitFor(() => expect(watcher).toEqual([0, 1, 2]), DELIVERY);
    });

    it('splits keys among the members of a group and tells each what it owns', async () => {
      const b = await open();
      const topic = newTopic();
      const group = newGroup();
      const members = ['a', 'b'] as const;
      const assignments: Record<string, Assignment | undefined> = {};
      const received: Record<(typeof members)[number], BusMessage[]> = { a: [], b: [] };
      await Promise.all(
        members.map((member) =>
          b.subscribe(
            topic,
            (msg) => {
              received[member].push(msg);
            },
            {
              group,
              fromBeginning: true,
              onAssignment: (assignment) => {
                assignments[member] = assignment;
              },
            },
          ),
        ),
      );
      await vi.waitFor(() => {
        const [a, b2] = [assignments.a?.partitions ?? [], assignments.b?.partitions ?? []];
        expect(a.length).toBeGreaterThan(0);
        expect(b2.length).toBeGreaterThan(0);
        expect(a.filter((p) => b2.includes(p))).toEqual([]);
      }, DELIVERY);
      const games = Array.from({ length: 12 }, (_, i) => gameEvents(`g-split-${i}`, 1));
      await b.publish(
        topic,
        games.flatMap((game) => outgoing(game)),
      );
      await vi.waitFor(
        () => expect(received.a.length + received.b.length).toBe(games.length * 2),
        DELIVERY,
      );
      expect(received.a.length).toBeGreaterThan(0);
      expect(received.b.length).toBeGreaterThan(0);
      for (const member of members) {
        const mine = assignments[member] as Assignment;
        for (const msg of received[member]) expect(mine.owns(msg.key)).toBe(true);
      }
      for (const game of games) {
        const id = eventAt(game, 0).gameId;
        const owners = members.filter((m) => assignments[m]?.owns(id));
        expect(owners).toHaveLength(1);
        const owner = owners[0] as (typeof members)[number];
        const got = received[owner].filter((m) => m.key === id).map(seqOf);
        expect(got).toEqual([0, 1]);
      }
    });

    it('rejects an invalid message, naming the field, and publishes none of the call', async () => {
      const b = await open();
      const topic = newTopic();
      const received: number[] = [];
      await b.subscribe(topic, (msg) => {
        received.push(seqOf(msg));
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
      const badCommand = { ...command('stop_game', 'g-invalid', 'c-bad'), issuedAt: 'yesterday' };
      await expect(
        b.publish(topic, [{ key: 'g-invalid', value: badCommand as GameCommand }]),
      ).rejects.toThrow(/value\.issuedAt/);
      await b.publish(topic, outgoing([started]));
      await vi.waitFor(() => expect(received).toEqual([1]), DELIVERY);
    });

    it('lists the catalogue topics and refuses a name outside it', async () => {
      const b = await open();
      const listed = await b.topics.list();
      expect(listed.map((t) => t.name)).toEqual(CATALOGUE_TOPICS.map((t) => t.name));
      for (const topic of listed) {
        expect(topic.physicalName.endsWith(topic.name)).toBe(true);
        if (topic.exists) expect(topic.partitions).toBeGreaterThan(0);
      }
      await expect(b.topics.describe('arena.nope')).rejects.toMatchObject({
        code: BUS_ERROR_CODES.UNKNOWN_TOPIC,
      });
    });

    it('refuses to publish or subscribe once closed', async () => {
      const b = await open();
      await b.close();
      await expect(
        b.publish(newTopic(), outgoing(gameEvents('g-closed', 0))),
      ).rejects.toMatchObject({ code: BUS_ERROR_CODES.CLOSED });
      await expect(b.subscribe(newTopic(), () => undefined)).rejects.toMatchObject({
        code: BUS_ERROR_CODES.CLOSED,
      });
    });
  });
}
