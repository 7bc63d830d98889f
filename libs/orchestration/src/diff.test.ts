import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import { foldGame, hasErrorCode, steppingClock } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { diffGames } from './diff';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { forkGame } from './fork';
import { playGame, runGame } from './games';

function services() {
  return { store: createMemoryEventStore(), bus: createInMemoryBus(), clock: steppingClock() };
}

async function sourceAndFork(fork: { seed?: number }) {
  const s = services();
  await playGame(s, testSpec({ maxTurns: 40, seed: 5 }), { gameId: 'g-a' });
  const source = await s.store.load('g-a');
  await forkGame(s, source, { gameId: 'g-b', at: 10, ...fork });
  await runGame(s, 'g-b');
  return { source, fork: await s.store.load('g-b') };
}

describe('diffGames', () => {
  it('finds no difference between a game and a same-seed fork of it', async () => {
    const { source, fork } = await sourceAndFork({});
    const diff = diffGames(source, fork);
    expect(diff.firstDifferentTurn).toBeNull();
    expect(diff.a.forkOf).toBeNull();
    expect(diff.b.forkOf).toEqual({ gameId: 'g-a', turn: 10 });
    expect(diff.a.end).toEqual(diff.b.end);
    expect(diff.a.turns).toBe(diff.b.turns);
    expect(diff.eliminations.a).toEqual(diff.eliminations.b);
    for (const p of diff.players) expect(p.a).toEqual(p.b);
    expect(diff.a.speaking).toEqual(diff.b.speaking);
    expect(diff.a.usage.calls).toBe(diff.b.usage.calls);
  });

  it('lines up two different games player by player and finds where they part', async () => {
    const { source, fork } = await sourceAndFork({ seed: 99 });
    const diff = diffGames(source, fork);
    const a = foldGame(source);
    const b = foldGame(fork);
    expect(diff.firstDifferentTurn).toBeGreaterThan(10);
    expect(diff.a.seed).toBe(5);
    expect(diff.b.seed).toBe(99);
    expect(diff.a.end?.reason).toBe(a.ended?.reason);
    expect(diff.b.end?.winnerId).toBe(b.ended?.winnerId);
    expect(diff.players.map((p) => p.playerId)).toEqual(['P1', 'P2', 'P3', 'P4']);
    for (const p of diff.players) {
      const standing = b.ended?.standings.find((s) => s.playerId === p.playerId);
      expect(p.b).toMatchObject({
        points: standing?.points,
        place: standing?.place,
        status: standing?.status,
        model: 'sim',
      });
    }
    expect(diff.eliminations.b.map((e) => e.playerId)).toEqual(b.eliminationOrder);
    const calls = fork.filter((e) => e.type === 'model_call').length;
    expect(diff.b.usage.calls).toBe(calls);
    expect(diff.b.speaking.players.reduce((sum, p) => sum + p.turns, 0)).toBe(b.turn);
    // The transcripts agree up to the turn before the first difference.
    const before = (messages: typeof a.messages) =>
      messages
        .filter((m) => m.turn < (diff.firstDifferentTurn ?? 0))
        .map((m) => [m.kind, m.speakerId, m.text]);
    expect(before(b.messages)).toEqual(before(a.messages));
  });

  it('compares a running game by its standings so far', async () => {
    const s = services();
    await playGame(s, testSpec({ maxTurns: 40, seed: 5 }), { gameId: 'g-a' });
    const source = await s.store.load('g-a');
    await forkGame(s, source, { gameId: 'g-b', at: 6 });
    const diff = diffGames(source, await s.store.load('g-b'));
    expect(diff.b.status).toBe('running');
    expect(diff.b.end).toBeNull();
    expect(diff.b.turns).toBe(6);
    // Turn 6's periodic narration is recorded as turn 7 starts, so the fork does not have it yet.
    expect([6, 7]).toContain(diff.firstDifferentTurn);
    expect(diff.players.every((p) => p.b !== null && p.b.place >= 1)).toBe(true);
  });

  it('rejects an empty log', () => {
    let error: unknown;
    try {
      diffGames([], []);
    } catch (e) {
      error = e;
    }
    expect(hasErrorCode(error, ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND)).toBe(true);
  });
});
