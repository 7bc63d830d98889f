import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { createSimPlayer, type PlayerAgent } from '@arena/agents';
import {
  foldGame,
  steppingClock,
  type GameEvent,
  type GameSpec,
  type GameState,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { eventsToJsonLines } from './export';
import { createGame, playGame, runGame } from './games';

function services() {
  return { store: createMemoryEventStore(), bus: createInMemoryBus(), clock: steppingClock() };
}

async function playToEnd(spec: GameSpec, gameId = 'g-test') {
  const s = services();
  const final = await playGame(s, spec, { gameId });
  return { final, events: await s.store.load(gameId) };
}

const longSpec = (overrides: Partial<GameSpec> = {}) =>
  testSpec({ maxTurns: 60, policy: 'weighted', ...overrides });

describe('a whole sim game', () => {
  it('ends with a recorded reason, a winner and standings that match the fold', async () => {
    const { final, events } = await playToEnd(longSpec());
    expect(final.status).toBe('ended');
    expect(final.ended?.reason).toMatch(/solved|one_survivor|max_turns|all_eliminated/);
    const last = events[events.length - 1];
    expect(last?.type).toBe('game_ended');
    expect(foldGame(events)).toEqual(final);
    expect(final.ended?.standings.map((s) => s.place)).toEqual(final.players.map((_, i) => i + 1));
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'turn_started',
      'speaker_selected',
      'contribution_accepted',
      'contribution_scored',
      'narrator_line',
      'model_call',
      'round_ended',
    ]) {
      expect(types).toContain(t);
    }
  });

  it('lets every active player bid under the bidding policy and gives the floor to the highest', async () => {
    const { final, events } = await playToEnd(longSpec({ policy: 'bidding', seed: 21 }));
    expect(final.status).toBe('ended');
    const selections = events.filter(
      (e): e is Extract<typeof e, { type: 'speaker_selected' }> => e.type === 'speaker_selected',
    );
    expect(selections.length).toBeGreaterThan(5);
    for (const s of selections) {
      const bids = s.payload.bids ?? [];
      expect(bids.length).toBeGreaterThanOrEqual(2);
      const top = Math.max(...bids.map((b) => b.urgency));
      expect(bids.find((b) => b.playerId === s.payload.playerId)?.urgency).toBe(top);
      expect(s.payload.reasoning).toContain('Bidding:');
    }
    const bidCalls = events.filter((e) => e.type === 'model_call' && e.payload.purpose === 'bid');
    expect(bidCalls.length).toBe(selections.reduce((n, s) => n + (s.payload.bids?.length ?? 0), 0));
    expect(new Set(selections.map((s) => s.payload.playerId)).size).toBeGreaterThan(2);
  });

  it('gives the same seed byte-identical event logs and another seed a different game', async () => {
    const a = await playToEnd(longSpec({ seed: 11 }));
    const b = await playToEnd(longSpec({ seed: 11 }));
    const c = await playToEnd(longSpec({ seed: 12 }));
    expect(eventsToJsonLines(a.events)).toBe(eventsToJsonLines(b.events));
    expect(eventsToJsonLines(c.events)).not.toBe(eventsToJsonLines(a.events));
  });

  it('eliminates players per round after the warm-up, with reasoning and final words', async () => {
    const { events } = await playToEnd(longSpec({ seed: 3 }));
    const eliminations = events.filter(
      (e): e is Extract<GameEvent, { type: 'player_eliminated' }> => e.type === 'player_eliminated',
    );
    expect(eliminations.length).toBeGreaterThan(0);
    for (const e of eliminations) {
      expect(e.payload.reasoning.length).toBeGreaterThan(10);
      const words = events.find(
        (w) => w.type === 'final_words' && w.payload.playerId === e.payload.playerId,
      );
      expect(words).toBeDefined();
      if (e.payload.cause === 'lowest_standing') expect(e.payload.round).toBeGreaterThan(2);
    }
  });

  it('scores every contribution with the weights of the phase the log has recorded', async () => {
    const { events } = await playToEnd(longSpec({ seed: 9 }));
    let phase = 'early';
    const seen = new Set<string>();
    for (const e of events) {
      if (e.type === 'phase_changed') phase = e.payload.to;
      if (e.type === 'contribution_scored') {
        expect(e.payload.phase).toBe(phase);
        seen.add(phase);
      }
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('stops the game at max turns', async () => {
    const spec = testSpec({
      maxTurns: 5,
      rules: {
        ...testSpec().rules,
        elimination: { warmupRounds: 50, everyRounds: 1, minSurvivors: 1 },
      },
    });
    const { final } = await playToEnd(spec);
    expect(final.ended?.reason).toBe('max_turns');
    expect(final.turn).toBe(5);
  });

  it('ends with one survivor when eliminations leave one player', async () => {
    const spec = testSpec({
      maxTurns: 200,
      rules: {
        ...testSpec().rules,
        elimination: { warmupRounds: 0, everyRounds: 1, minSurvivors: 1 },
        solved: { coverage: 1, minRounds: 1000 },
      },
    });
    const { final } = await playToEnd(spec);
    expect(['one_survivor', 'all_eliminated']).toContain(final.ended?.reason);
    expect(final.players.filter((p) => p.status === 'active').length).toBeLessThanOrEqual(1);
  });

  it('aborts cleanly when the operator stops it', async () => {
    const s = services();
    const stop = new AbortController();
    stop.abort();
    const final = await playGame(s, longSpec(), { gameId: 'g-stop', signal: stop.signal });
    expect(final.ended?.reason).toBe('aborted');
  });

  it('resumes a suspended game into the same log as an uninterrupted run', async () => {
    const spec = longSpec({ seed: 5 });
    const uninterrupted = await playToEnd(spec, 'g-same');

    const s = services();
    await createGame(s, spec, { gameId: 'g-same' });
    const suspend = new AbortController();
    let batches = 0;
    await runGame(s, 'g-same', {
      suspend: suspend.signal,
      onEvents: () => {
        batches += 1;
        if (batches === 7) suspend.abort();
      },
    });
    const partial = await s.store.load('g-same');
    expect(partial[partial.length - 1]?.type).not.toBe('game_ended');
    await runGame(s, 'g-same');
    const resumed = await s.store.load('g-same');
    expect(eventsToJsonLines(resumed)).toBe(eventsToJsonLines(uninterrupted.events));
  });

  it('ends the game as aborted, with a gapless log, when the store fails a write', async () => {
    const s = services();
    let appends = 0;
    const flaky = {
      ...s.store,
      append: (events: Parameters<typeof s.store.append>[0]) => {
        appends += 1;
        if (appends === 6) return Promise.reject(new Error('disk full'));
        return s.store.append(events);
      },
    };
    const final = await playGame({ ...s, store: flaky }, longSpec(), { gameId: 'g-flaky' });
    expect(final.ended).toMatchObject({ reason: 'aborted' });
    expect(final.ended?.detail).toContain('disk full');
    const events = await s.store.load('g-flaky');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(foldGame(events)).toEqual(final);
  });

  it('never shows players any score', async () => {
    const seen: GameState[] = [];
    const spy = (): PlayerAgent => {
      const sim = createSimPlayer();
      return {
        act: (ctx) => (seen.push(ctx.state), sim.act(ctx)),
        defend: (ctx) => (seen.push(ctx.state), sim.defend(ctx)),
        bid: (ctx) => (seen.push(ctx.state), sim.bid(ctx)),
        finalWords: (ctx) => (seen.push(ctx.state), sim.finalWords(ctx)),
      };
    };
    const final = await playGame({ ...services(), createPlayer: spy }, longSpec(), {
      gameId: 'g-spy',
    });
    expect(final.players.some((p) => p.points !== 0)).toBe(true);
    expect(seen.length).toBeGreaterThan(10);
    for (const state of seen) {
      expect(state.players.every((p) => p.points === 0 && p.lastScore === null)).toBe(true);
      expect(Object.values(state.coverage).every((c) => c === 0)).toBe(true);
    }
  });

  it('refuses a model whose provider is not configured before writing anything', async () => {
    const s = services();
    const spec = testSpec();
    const seats = spec.seats.map((seat, i) =>
      i === 0 ? { ...seat, model: 'openai:gpt-4o-mini' } : seat,
    );
    await expect(createGame(s, { ...spec, seats }, { gameId: 'g-x' })).rejects.toMatchObject({
      code: 'AGENTS_PROVIDER_NOT_CONFIGURED',
    });
    expect(await s.store.load('g-x')).toEqual([]);
  });
});
