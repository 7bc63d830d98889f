import { expect } from 'vitest';
import { createInMemoryBus } from '@arena/message-bus';
import {
  foldGame,
  steppingClock,
  type EventOf,
  type GameEvent,
  type GameSpec,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore, type EventStore } from '@arena/persistence';
import { playGame } from './games';

/** The test scenario under the weighted policy, seed 3, up to 60 turns. */
export const spec = (overrides: Partial<GameSpec> = {}) =>
  testSpec({ maxTurns: 60, policy: 'weighted', seed: 3, ...overrides });

/** A memory store (or `store`), an in-process bus and a stepping clock. */
export function services(store: EventStore = createMemoryEventStore()) {
  return { store, bus: createInMemoryBus(), clock: steppingClock() };
}

/** Play a sim game to its end; its log and the batches as they were committed. */
export async function play(gameSpec: GameSpec, gameId = 'g-champ') {
  const s = services();
  const batches: GameEvent[][] = [];
  await playGame(s, gameSpec, { gameId, onEvents: (batch) => batches.push([...batch]) });
  return { events: await s.store.load(gameId), batches, store: s.store };
}

/** The events of one type. */
export const ofType = <T extends GameEvent['type']>(events: readonly GameEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

/** The `game_ended` a log ends with. */
export function ended(events: readonly GameEvent[]) {
  const last = events[events.length - 1];
  if (last?.type !== 'game_ended') throw new Error('the game did not end');
  return last;
}

/** The seat a sim game with this spec is won by, and one it is not. */
export async function winnerAndLoser(gameSpec: GameSpec) {
  const { events } = await play(gameSpec);
  const winnerId = ended(events).payload.winnerId;
  const loser = gameSpec.seats.find((s) => s.playerId !== winnerId);
  if (!winnerId || !loser) throw new Error('expected a winner and a loser');
  return { winnerId, loserId: loser.playerId, events };
}

/** The spec with one seat come in as a champion with this memory. */
export function asChampion(
  gameSpec: GameSpec,
  playerId: string,
  memory: string,
  champion: { version: number; games: number; wins: number },
): GameSpec {
  return {
    ...gameSpec,
    seats: gameSpec.seats.map((s) => (s.playerId === playerId ? { ...s, memory, champion } : s)),
  };
}

/** Unique words put into every field a player never sees. */
export const SECRET = 'SECRET';

/**
 * A played game's log (up to where memories are distilled) with every hidden field replaced by
 * a marker: judge rationales and detector hits, the turn policy's reasoning and bids, gate
 * feedback, rejected proposals, evidence findings, round checks, failed calls, and another seat's
 * memory.
 */
function withSecrets(events: readonly GameEvent[], otherSeat: string): GameEvent[] {
  const cut = events.findIndex((e) => e.type === 'champion_memory_updated');
  return events.slice(0, cut).map((e): GameEvent => {
    const mark = (what: string) => `${SECRET}-${what}-${e.seq}`;
    switch (e.type) {
      case 'game_created':
        return {
          ...e,
          payload: {
            ...e.payload,
            spec: {
              ...e.payload.spec,
              seats: e.payload.spec.seats.map((s) =>
                s.playerId === otherSeat
                  ? {
                      ...s,
                      memory: `${SECRET}-OTHER-MEMORY`,
                      champion: { version: 1, games: 1, wins: 1 },
                    }
                  : s,
              ),
            },
          },
        };
      case 'contribution_scored': {
        const rationales = Object.fromEntries(
          Object.keys(e.payload.rationales).map((d) => [d, mark(`RATIONALE-${d}`)]),
        ) as typeof e.payload.rationales;
        return {
          ...e,
          payload: {
            ...e.payload,
            rationales,
            detectorHits: [
              {
                detector: 'judge_instruction',
                quote: mark('DETECTOR-QUOTE'),
                detail: mark('DETECTOR'),
              },
            ],
            panel: [{ judge: 'sim', scores: e.payload.scores, rationales }],
          },
        };
      }
      case 'speaker_selected':
        return {
          ...e,
          payload: {
            ...e.payload,
            reasoning: mark('POLICY'),
            bids: e.payload.candidates.map((c) => ({
              playerId: c.playerId,
              urgency: 0.5,
              reason: mark('BID'),
            })),
          },
        };
      case 'contribution_rejected':
        return { ...e, payload: { ...e.payload, feedback: mark('GATE') } };
      case 'contribution_proposed':
        return { ...e, payload: { ...e.payload, text: mark('PROPOSAL') } };
      case 'evidence_checked':
        return {
          ...e,
          payload: {
            ...e.payload,
            findings: e.payload.findings.map((f) => ({ ...f, reason: mark('EVIDENCE') })),
          },
        };
      case 'problem_checked':
        return { ...e, payload: { ...e.payload, reasoning: mark('ROUND-CHECK') } };
      case 'call_failed':
        return { ...e, payload: { ...e.payload, detail: mark('FAILED') } };
      default:
        return e;
    }
  });
}

/** A played game whose winner's memory is distilled from a log full of hidden markers. */
export async function secretGame() {
  const { winnerId, loserId, events } = await winnerAndLoser(spec({ seed: 21 }));
  const state = foldGame(withSecrets(events, loserId));
  const hiddenNumbers = state.players.flatMap((p) => [
    p.points.toFixed(3),
    (p.points / Math.max(1, p.turns)).toFixed(3),
  ]);
  return { state, winnerId, loserId, reason: ended(events).payload.reason, hiddenNumbers };
}

/** Fails when `text` holds a hidden marker or a player's points or standing. */
export function expectNothingHidden(text: string, hiddenNumbers: readonly string[]) {
  expect(text).not.toContain(SECRET);
  for (const n of hiddenNumbers) expect(text).not.toContain(n);
}
