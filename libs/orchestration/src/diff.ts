import {
  ArenaError,
  computeStandings,
  foldGame,
  type EndReason,
  type GameEvent,
  type GameState,
  type SpeakingShare,
  type TranscriptMessage,
} from '@arena/models';
import { speakingShare } from '@arena/scoring';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { modelCallTotals, sumModelCalls, type ModelCallTotal } from './model-call-totals';
import { eliminationsOf, type EliminationRecord, type PlayerResult } from './rejudge';

/** One player's seat model and result in one of the two games (null when it has no such seat). */
export interface DiffPlayerSide extends PlayerResult {
  name: string;
  model: string;
}

/** One of the two games compared by {@link diffGames}. */
export interface DiffGameSide {
  gameId: string;
  status: 'running' | 'ended';
  /** The game it was forked from and the last turn copied, if it is a fork. */
  forkOf: { gameId: string; turn: number } | null;
  seed: number;
  judge: string[];
  /** Turns played (the last turn started). */
  turns: number;
  /** How it ended; null while it is still running. */
  end: { reason: EndReason; detail: string; winnerId: string | null } | null;
  speaking: SpeakingShare;
  /** What its model calls used, all callers together. */
  usage: Omit<ModelCallTotal, 'role' | 'playerId' | 'model'>;
}

/** Two games side by side (see {@link diffGames}). */
export interface GameDiff {
  a: DiffGameSide;
  b: DiffGameSide;
  /** Every player id of either game, in seat order. */
  players: Array<{ playerId: string; a: DiffPlayerSide | null; b: DiffPlayerSide | null }>;
  eliminations: { a: EliminationRecord[]; b: EliminationRecord[] };
  /**
   * The first turn whose public transcript messages differ (speaker, kind, text or citations;
   * turn 0 is the opening); null when the two transcripts are the same.
   */
  firstDifferentTurn: number | null;
}

function stateOf(events: readonly GameEvent[], which: 'a' | 'b'): GameState {
  if (events[0]?.type !== 'game_created') {
    throw new ArenaError(`Game ${which} has no events to compare`, {
      code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
      category: 'user',
      details: { game: which },
    });
  }
  return foldGame(events);
}

/** The speaking share `game_ended` recorded, if the game ended with one. */
function recordedSpeaking(events: readonly GameEvent[]): SpeakingShare | null {
  const ended = events.findLast((e) => e.type === 'game_ended');
  return ended?.type === 'game_ended' ? (ended.payload.speaking ?? null) : null;
}

function sideOf(events: readonly GameEvent[], state: GameState): DiffGameSide {
  const created = events[0]?.type === 'game_created' ? events[0].payload : null;
  return {
    gameId: state.gameId,
    status: state.status,
    forkOf: created?.forkOf ?? null,
    seed: state.spec.seed,
    judge: state.spec.officials.judge,
    turns: state.turn,
    end: state.ended
      ? {
          reason: state.ended.reason,
          detail: state.ended.detail,
          winnerId: state.ended.winnerId,
        }
      : null,
    speaking: recordedSpeaking(events) ?? speakingShare(state),
    usage: sumModelCalls(modelCallTotals(events)),
  };
}

function playersOf(state: GameState): Map<string, DiffPlayerSide> {
  const standings = state.ended?.standings ?? computeStandings(state);
  return new Map(
    state.players.map((p) => {
      const s = standings.find((r) => r.playerId === p.id);
      return [
        p.id,
        {
          name: p.name,
          model: p.model,
          points: s?.points ?? p.points,
          turns: s?.turns ?? p.turns,
          standing: s?.standing ?? 0,
          place: s?.place ?? 0,
          status: s?.status ?? p.status,
        },
      ];
    }),
  );
}

/** What a transcript message says in public, without its id. */
const said = (m: TranscriptMessage) =>
  JSON.stringify([m.kind, m.speakerId, m.text, m.cites.join(',')]);

function byTurn(messages: readonly TranscriptMessage[]): Map<number, string[]> {
  const turns = new Map<number, string[]>();
  for (const m of messages) turns.set(m.turn, [...(turns.get(m.turn) ?? []), said(m)]);
  return turns;
}

function firstDifferentTurn(a: GameState, b: GameState): number | null {
  const left = byTurn(a.messages);
  const right = byTurn(b.messages);
  const turns = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) => x - y);
  for (const turn of turns) {
    const l = left.get(turn) ?? [];
    const r = right.get(turn) ?? [];
    if (l.length !== r.length || l.some((text, i) => text !== r[i])) return turn;
  }
  return null;
}

/**
 * Compare two games (typically a game and a fork of it): how each ended and who won, every
 * player's points, standing, place and status side by side, the eliminations in order with
 * their causes, the speaking share, the turns played, what the model calls used, and the first
 * turn where the public transcripts part. Either game may still be running (its standings are
 * computed from its log so far).
 *
 * @example
 * const diff = diffGames(await store.load('g-1'), await store.load('g-1-what-if'));
 * diff.firstDifferentTurn; // 11
 */
export function diffGames(eventsA: readonly GameEvent[], eventsB: readonly GameEvent[]): GameDiff {
  const a = stateOf(eventsA, 'a');
  const b = stateOf(eventsB, 'b');
  const playersA = playersOf(a);
  const playersB = playersOf(b);
  const seats = new Map<string, number>();
  for (const p of [...a.players, ...b.players]) if (!seats.has(p.id)) seats.set(p.id, p.seat);
  const ids = [...seats.keys()].sort((x, y) => (seats.get(x) ?? 0) - (seats.get(y) ?? 0));
  return {
    a: sideOf(eventsA, a),
    b: sideOf(eventsB, b),
    players: ids.map((playerId) => ({
      playerId,
      a: playersA.get(playerId) ?? null,
      b: playersB.get(playerId) ?? null,
    })),
    eliminations: { a: eliminationsOf(eventsA, a), b: eliminationsOf(eventsB, b) },
    firstDifferentTurn: firstDifferentTurn(a, b),
  };
}
