import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createSimPlayer, type PlayerAgent } from '@arena/agents';
import { createInMemoryBus, type MessageBus } from '@arena/message-bus';
import { systemClock, type GameConfigInput } from '@arena/models';
import { testProfiles, testScenario } from '@arena/models/testing';
import type { ContentCatalog, LeasedGameServices } from '@arena/orchestration';
import {
  createMemoryEventStore,
  createMemoryLiveState,
  type EventStore,
  type LiveState,
} from '@arena/persistence';

/** The API token of test runners (`ARENA_API_TOKENS` of runner processes, `access` of servers). */
export const TEST_API_TOKEN = 'arena-test-token-0123456789';

/** The `Authorization` header carrying {@link TEST_API_TOKEN}. */
export const TEST_AUTH = { authorization: `Bearer ${TEST_API_TOKEN}` } as const;

/** Server access for tests: {@link TEST_API_TOKEN} may change things; reading is public. */
export const testAccess = { tokens: [TEST_API_TOKEN], readAccess: 'public' } as const satisfies {
  tokens: readonly string[];
  readAccess: 'public' | 'token';
};

/** The test scenario and the four test characters, by id. */
export const fixtureCatalog: ContentCatalog = {
  characters: new Map(testProfiles.map((p) => [p.id, p])),
  scenarios: new Map([[testScenario.id, testScenario]]),
};

/** A short game over the fixture catalog. */
export function fixtureConfig(overrides: Partial<GameConfigInput> = {}): GameConfigInput {
  return {
    scenario: testScenario.id,
    players: testProfiles.map((p) => p.id),
    seed: 7,
    maxTurns: 8,
    policy: 'round-robin',
    ...overrides,
  };
}

export type FixtureServices = LeasedGameServices & { catalog: ContentCatalog };

/** Memory store, in-process bus and live state, and the fixture catalog. */
export function fixtureServices(
  overrides: Partial<FixtureServices> = {},
): FixtureServices & { store: EventStore; bus: MessageBus; live: LiveState } {
  return {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    live: createMemoryLiveState(),
    clock: systemClock,
    catalog: fixtureCatalog,
    ...overrides,
  };
}

/** A memory store with some operations replaced (e.g. to fail). */
export function storeWith(overrides: Partial<EventStore>): EventStore {
  return { ...createMemoryEventStore(), ...overrides };
}

/** A barrier the test opens when it is ready. */
export interface Gate {
  readonly passed: Promise<void>;
  /** Resolves once something waits at the gate. */
  readonly reached: Promise<void>;
  arrive(): void;
  open(): void;
}

export function createGate(): Gate {
  let open: () => void = () => undefined;
  let arrive: () => void = () => undefined;
  const passed = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  return { passed, reached, open, arrive };
}

/** Sim players that wait at `gate` before every action, so a test can hold a game mid-way. */
export function gatedPlayers(gate: Gate): (modelSpec: string) => PlayerAgent {
  return () => {
    const agent = createSimPlayer();
    return {
      act: async (ctx) => {
        gate.arrive();
        await gate.passed;
        return agent.act(ctx);
      },
      defend: (ctx) => agent.defend(ctx),
      bid: (ctx) => agent.bid(ctx),
      finalWords: (ctx) => agent.finalWords(ctx),
    };
  };
}

/** A logger whose JSON lines the test can read. */
export function capturedLogger(level = 'debug'): {
  logger: Logger;
  lines: () => Array<Record<string, unknown>>;
} {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level }, sink);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

export const quietLogger: Logger = pino({ level: 'silent' });

/** One Server-Sent Events message. */
export interface SseMessage {
  id: string | null;
  event: string | null;
  data: string;
}

/** Parse complete SSE frames; comments (heartbeats) are dropped. */
export function parseSse(text: string): SseMessage[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const message: SseMessage = { id: null, event: null, data: '' };
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data')
          message.data = message.data ? `${message.data}\n${value}` : value;
      }
      return message;
    })
    .filter((m) => m.id !== null || m.event !== null || m.data !== '');
}

/** Poll `read` until `done` accepts its value (bounded by the test's timeout). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
