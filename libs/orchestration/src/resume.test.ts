import { describe, expect, it } from 'vitest';
import {
  RoleCallError,
  createSimNarrator,
  type ModelCallRecord,
  type Narrator,
} from '@arena/agents';
import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent, type GameSpec } from '@arena/models';
import { reproducibleEvent, testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { createGame, runGame } from './games';
import type { GameServices } from './game-session';

/**
 * A sim narrator whose opening, and every other periodic line, fails as a model that never
 * answers would: the game records `call_failed` and goes on without the line.
 */
function failingNarrator(): Narrator {
  const sim = createSimNarrator();
  return {
    narrate: (ctx) => {
      const fails =
        ctx.trigger === 'opening' || (ctx.trigger === 'periodic' && ctx.state.turn % 2 === 0);
      if (!fails) return sim.narrate(ctx);
      const call: ModelCallRecord = {
        purpose: 'narrate',
        model: 'sim',
        params: {},
        usage: { inputTokens: 12, outputTokens: 0 },
        latencyMs: 0,
        costUsd: 0,
        error: { kind: 'server', message: 'HTTP 503' },
      };
      return Promise.reject(new RoleCallError('HTTP 503', 'model_error', [call], null));
    },
  };
}

function servicesWith(overrides: Partial<GameServices> = {}): GameServices {
  return {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
    ...overrides,
  };
}

/** Plays `spec` to the end, suspended after `stopAfter` committed batches and resumed then. */
async function playSuspended(
  spec: GameSpec,
  stopAfter: number | null,
  overrides: () => Partial<GameServices>,
): Promise<{ events: GameEvent[]; batches: number }> {
  const services = servicesWith(overrides());
  await createGame(services, spec, { gameId: 'g-resume' });
  const suspend = new AbortController();
  let batches = 0;
  await runGame(services, 'g-resume', {
    suspend: suspend.signal,
    onEvents: () => {
      batches += 1;
      if (batches === stopAfter) suspend.abort();
    },
  });
  // A new process: its own narrator, models and caches, and the log as the store has it.
  await runGame({ ...servicesWith(overrides()), store: services.store }, 'g-resume');
  return { events: await services.store.load('g-resume'), batches };
}

const weighted = testSpec({ maxTurns: 24, policy: 'weighted', seed: 31 });
const noOverrides = (): Partial<GameServices> => ({});

describe('resume after any committed batch', () => {
  it.each([
    ['sim officials', weighted, noOverrides],
    [
      'sim officials, bidding for the floor',
      { ...weighted, policy: 'bidding' as const },
      noOverrides,
    ],
    [
      'a narrator that fails now and then',
      weighted,
      (): Partial<GameServices> => ({ createNarrator: failingNarrator }),
    ],
  ])(
    'ends in the log of an uninterrupted run wherever the game stopped (%s)',
    async (_name, spec, overrides) => {
      const uninterrupted = await playSuspended(spec, null, overrides);
      // Each process has its own clock, so only timestamps may differ.
      const expected = uninterrupted.events.map(reproducibleEvent);
      for (let stopAfter = 1; stopAfter < uninterrupted.batches; stopAfter++) {
        const resumed = await playSuspended(spec, stopAfter, overrides);
        expect(resumed.events.map(reproducibleEvent), `stopped after batch ${stopAfter}`).toEqual(
          expected,
        );
      }
    },
  );

  it('does not play the opening again when its line failed', async () => {
    const overrides = (): Partial<GameServices> => ({ createNarrator: failingNarrator });
    const { events } = await playSuspended(weighted, 1, overrides);
    const opening = events.slice(
      0,
      events.findIndex((e) => e.type === 'turn_started'),
    );
    expect(opening.map((e) => e.type)).toEqual(['game_created', 'model_call', 'call_failed']);
  });
});
