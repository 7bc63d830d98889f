import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryBus, type MessageBus } from '@arena/message-bus';
import { systemClock, type GameEvent } from '@arena/models';
import {
  createMemoryLiveState,
  openPgliteEventStore,
  type EventStore,
  type LiveState,
} from '@arena/persistence';
import {
  createGate,
  eventually,
  fixtureCatalog,
  fixtureConfig,
  gatedPlayers,
  parseSse,
  quietLogger,
  testAccess,
  TEST_AUTH,
  type Gate,
} from './runner.fixture';
import { GameHost } from './game-host';
import { buildServer } from './server';

/** Reads an SSE response until it ends, handing over each event as it arrives. */
async function readEvents(
  response: Response,
  onEvent: (event: GameEvent) => void = () => undefined,
): Promise<GameEvent[]> {
  const out: GameEvent[] = [];
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error('no body');
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    buffer += value;
    const end = buffer.lastIndexOf('\n\n');
    if (end < 0) continue;
    for (const message of parseSse(buffer.slice(0, end + 2))) {
      const event = JSON.parse(message.data) as GameEvent;
      expect(message.id).toBe(String(event.seq));
      out.push(event);
      onEvent(event);
    }
    buffer = buffer.slice(end + 2);
  }
}

let store: EventStore;
let bus: MessageBus;
let live: LiveState;
let gate: Gate;
let host: GameHost;
let app: FastifyInstance;
let base: string;
let subscriptions = 0;

beforeAll(async () => {
  store = await openPgliteEventStore();
  bus = createInMemoryBus();
  const inner = createMemoryLiveState();
  // Counts live subscriptions so the test can see a stream let go of its own.
  live = {
    ...inner,
    subscribe: async (gameId, listener) => {
      const unsubscribe = await inner.subscribe(gameId, listener);
      subscriptions += 1;
      return () => {
        subscriptions -= 1;
        unsubscribe();
      };
    },
  };
  gate = createGate();
  const services = {
    store,
    bus,
    live,
    clock: systemClock,
    catalog: fixtureCatalog,
    // Players are built when a game starts, so each game waits at the gate current then.
    createPlayer: (modelSpec: string) => gatedPlayers(gate)(modelSpec),
  };
  host = new GameHost({ services, logger: quietLogger });
  let n = 0;
  app = buildServer({
    services,
    host,
    logger: quietLogger,
    newGameId: () => `g-int-${++n}`,
    heartbeatMs: 100,
    access: testAccess,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  // Suspend first, so that a game held at the gate stops right after the turn it is in.
  const stopped = host.shutdown();
  gate.open();
  await stopped;
  await app.close();
  await bus.close();
  await live.close();
  await store.close();
});

describe('runner over HTTP with PGlite', () => {
  it('replays the stored events, then streams live ones to game_ended, each once and in order', async () => {
    const created = await fetch(`${base}/games`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTH },
      body: JSON.stringify(fixtureConfig({ maxTurns: 16 })),
    });
    expect(created.status).toBe(201);
    const { id, links } = (await created.json()) as { id: string; links: { events: string } };
    // The game waits at its first action: everything up to here is stored before we connect.
    await gate.reached;
    const storedBefore = await store.load(id);
    expect(storedBefore.length).toBeGreaterThan(1);

    const stream = await fetch(`${base}${links.events}`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const received = await readEvents(stream, (event) => {
      if (event.seq === storedBefore.at(-1)?.seq) gate.open();
    });

    const seqs = received.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(received.at(-1)?.type).toBe('game_ended');
    expect(received.length).toBeGreaterThan(storedBefore.length);
    expect(received).toEqual(await store.load(id));

    const view = (await (await fetch(`${base}/games/${id}`)).json()) as { status: string };
    expect(view.status).toBe('ended');
    await eventually(
      async () => subscriptions,
      (count) => count === 0,
    );
  });

  it('resumes after the seq given in Last-Event-ID', async () => {
    const [game] = await store.listGames({ status: 'ended', limit: 1 });
    if (!game) throw new Error('the first test leaves an ended game');
    const resumed = await fetch(`${base}/games/${game.gameId}/events`, {
      headers: { 'last-event-id': '10' },
    });
    const received = await readEvents(resumed);
    expect(received.map((e) => e.seq)).toEqual(
      Array.from({ length: game.lastSeq - 10 }, (_, i) => 11 + i),
    );
  });

  it('keeps an idle stream alive and lets go of the subscription when the client goes away', async () => {
    gate = createGate();
    const created = await fetch(`${base}/games`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTH },
      body: JSON.stringify(fixtureConfig({ maxTurns: 10_000 })),
    });
    const { id } = (await created.json()) as { id: string };
    const client = new AbortController();
    const stream = await fetch(`${base}/games/${id}/events`, { signal: client.signal });
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no body');
    // The game waits at the gate: after the replay only keep-alive comments arrive.
    let text = '';
    while (!text.includes('event: game_created') || !text.includes(': heartbeat\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended while its game runs');
      text += chunk.value;
    }
    expect(subscriptions).toBe(1);
    client.abort();
    await eventually(
      async () => subscriptions,
      (count) => count === 0,
    );
    const games = (await (await fetch(`${base}/games?status=running`)).json()) as {
      games: Array<{ gameId: string }>;
    };
    expect(games.games.map((g) => g.gameId)).toContain(id);
  });
});
