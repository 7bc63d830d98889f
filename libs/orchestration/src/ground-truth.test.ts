import { describe, expect, it } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import {
  applyEvent,
  eventId,
  foldGame,
  playerView,
  steppingClock,
  type EventOf,
  type GameEvent,
  type GameSpec,
  type GameState,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { playGame } from './games';

type TruthEvent = EventOf<'ground_truth'>;

const spec = (overrides: Partial<GameSpec> = {}) =>
  testSpec({ maxTurns: 80, policy: 'weighted', mode: 'competitive', seed: 5, ...overrides });

async function play(gameSpec: GameSpec) {
  const store = createMemoryEventStore();
  const services = { store, bus: createInMemoryBus(), clock: steppingClock() };
  const final = await playGame(services, gameSpec, { gameId: 'g-truth' });
  return { final, events: await store.load('g-truth') };
}

const isTruth = (e: GameEvent): e is TruthEvent => e.type === 'ground_truth';

/** The log as it would read without ground truth: renumbered, each event under its new id. */
function withoutTruth(events: readonly GameEvent[]): GameEvent[] {
  const ids = new Map<string, string>();
  return events
    .filter((e) => !isTruth(e))
    .map((e, seq) => {
      const id = eventId(e.gameId, seq);
      ids.set(e.id, id);
      const causationId = e.causationId === null ? null : (ids.get(e.causationId) ?? null);
      return { ...e, seq, id, causationId };
    });
}

/** Everything but the log position (sequence, last event id and its time). */
function content(state: GameState): Partial<GameState> {
  const rest: Partial<GameState> = { ...state };
  delete rest.lastSeq;
  delete rest.lastEventId;
  delete rest.updatedAt;
  return rest;
}

describe('ground truth in a sim game', () => {
  it('follows every proposal and accusation, pointing at it, with the same turn, player and attempt', async () => {
    const events: GameEvent[] = [];
    for (const seed of [5, 6, 7]) events.push(...(await play(spec({ seed }))).events);
    const subjects = events.filter(
      (e) => e.type === 'contribution_proposed' || e.type === 'accusation_filed',
    );
    const truths = events.filter(isTruth);
    expect(truths).toHaveLength(subjects.length);
    for (const truth of truths) {
      const at = events.indexOf(truth);
      const subject = events[at - 1] as GameEvent;
      expect(truth.payload.subjectId).toBe(subject.id);
      expect(truth.causationId).toBe(subject.id);
      expect(truth.payload.turn).toBe((subject.payload as { turn: number }).turn);
      if (subject.type === 'contribution_proposed') {
        expect(truth.payload.playerId).toBe(subject.payload.playerId);
        expect(truth.payload.attempt).toBe(subject.payload.attempt);
        expect(truth.payload.truth.fabricatedEvidence).toBe(false);
        expect(truth.payload.truth.baseless).toBe(false);
      } else if (subject.type === 'accusation_filed') {
        expect(truth.payload.playerId).toBe(subject.payload.accuserId);
        expect(truth.payload.attempt).toBe(1);
        expect(truth.payload.truth.repeatOf).toBeNull();
        expect(truth.payload.truth.manipulation).toEqual([]);
      } else {
        throw new Error(`ground truth after ${subject.type}`);
      }
    }
    const facts = truths.map((t) => t.payload.truth);
    expect(facts.some((t) => t.repeatOf !== null)).toBe(true);
    expect(facts.some((t) => t.manipulation.length > 0)).toBe(true);
    expect(facts.some((t) => t.repeatOf === null && t.manipulation.length === 0)).toBe(true);
  });

  it('names as repeated only messages that were already in the transcript', async () => {
    const { events } = await play(spec({ seed: 9 }));
    let state: GameState | undefined;
    for (const e of events) {
      if (isTruth(e) && e.payload.truth.repeatOf !== null) {
        const ids = (state as GameState).messages.map((m) => m.id);
        expect(ids).toContain(e.payload.truth.repeatOf);
      }
      state = applyEvent(state, e);
    }
  });

  it('changes nothing any role reads: each truth event leaves the state as it was', async () => {
    const { events } = await play(spec({ seed: 13 }));
    let state: GameState | undefined;
    let checked = 0;
    for (const e of events) {
      const next = applyEvent(state, e);
      if (isTruth(e)) {
        const before = state as GameState;
        expect(content(next)).toEqual(content(before));
        expect(content(playerView(next, 'P1'))).toEqual(content(playerView(before, 'P1')));
        checked++;
      }
      state = next;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('folds to the same state with the truth events left out, apart from the log position', async () => {
    const { final, events } = await play(spec({ seed: 17 }));
    const truths = events.filter(isTruth).length;
    const without = foldGame(withoutTruth(events));
    expect(truths).toBeGreaterThan(10);
    expect({ ...without, lastSeq: final.lastSeq, lastEventId: final.lastEventId }).toEqual(final);
    expect(without.lastSeq).toBe(final.lastSeq - truths);
    expect(without.lastEventId).toBe(eventId(final.gameId, without.lastSeq));
  });
});
