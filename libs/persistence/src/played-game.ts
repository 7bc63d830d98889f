/**
 * A complete, valid game log exercising every projection (messages, scores, an accusation and
 * its verdict, eliminations, model calls, champion memory, series link, placements), for the
 * store's test suites and benchmarks. Part of `@arena/persistence/testing`.
 */
import { DIMENSIONS, type GameEvent, type NewEvent, type Seat } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import type { RatingRow, RatingUpdater } from './records';

/** Model specs of the four test seats, so the `model` rating pool has more than one key. */
export const PLAYED_GAME_MODELS = ['sim', 'openai:gpt-test', 'sim', 'anthropic:claude-test'];

export interface PlayedGameOptions {
  /** Clock of the first event (each later event is 1 ms later). @default 2026-01-01 */
  start?: number;
  /** Link the game to a series. */
  series?: { seriesId: string; round: number; index: number };
  /** Memory changes recorded right before `game_ended` (the winner is P1, Ana). */
  champions?: {
    playerId: string;
    characterId: string;
    outcome: 'won' | 'lost';
    games: number;
    wins: number;
  }[];
  /** Stop before `game_ended` (and the memory changes). @default false */
  unfinished?: boolean;
  /** End reason. @default 'max_turns' */
  reason?: 'max_turns' | 'aborted';
}

const dims = <T>(value: T) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, value])) as Record<(typeof DIMENSIONS)[number], T>;

function seats(): Seat[] {
  return testSpec().seats.map((seat, i) => ({ ...seat, model: PLAYED_GAME_MODELS[i] ?? 'sim' }));
}

function contribution(
  turn: number,
  playerId: string,
  messageId: string,
  points: number,
): NewEvent[] {
  return [
    { type: 'turn_started', payload: { turn, round: Math.ceil(turn / 4) } },
    {
      type: 'speaker_selected',
      payload: { turn, playerId, policy: 'round-robin', reasoning: 'next', candidates: [] },
    },
    {
      type: 'contribution_accepted',
      payload: {
        turn,
        playerId,
        attempt: 1,
        messageId,
        text: `${playerId} on turn ${turn}`,
        cites: [],
      },
    },
    {
      type: 'contribution_scored',
      payload: {
        turn,
        playerId,
        messageId,
        phase: 'early',
        scores: dims(0.5),
        weights: dims(0.2),
        points,
        rationales: dims('fine'),
        coverage: {},
        detectorHits: [],
        judge: 'sim',
      },
    },
    {
      type: 'model_call',
      payload: {
        role: 'player',
        playerId,
        purpose: 'act',
        model: 'sim',
        params: {},
        usage: { inputTokens: 100 + turn, outputTokens: 10 },
        latencyMs: 2.5,
        costUsd: 0.001,
      },
    },
  ];
}

/**
 * Turn 1: P1 speaks (M1). Turn 2: P2 accuses P3 (M2), P3 defends (M3), the verdict is proven
 * (M4), P3 is eliminated (M5) with final words (M6). Turn 3: P4 speaks (M7), a judge call
 * fails. Round 1 ends, P4 is eliminated for the lowest standing (M8), the narrator closes (M9).
 * Placements: P1, P2, P4, P3.
 */
export function playedGameLog(gameId: string, options: PlayedGameOptions = {}): GameEvent[] {
  const { start = Date.UTC(2026, 0, 1), series, champions = [], unfinished = false } = options;
  const accusationId = `${gameId}-A1`;
  const events: NewEvent[] = [
    {
      type: 'game_created',
      payload: { spec: testSpec({ seats: seats() }), ...(series ? { series } : {}) },
    },
    ...contribution(1, 'P1', 'M1', 0.6),
    { type: 'turn_started', payload: { turn: 2, round: 1 } },
    {
      type: 'accusation_filed',
      payload: {
        turn: 2,
        accusationId,
        accuserId: 'P2',
        accusedId: 'P3',
        kind: 'false_statement',
        claim: 'P3 misquoted the record',
        evidence: [{ messageId: 'M1', quote: 'P1 on turn 1' }],
        confidence: 0.8,
        messageId: 'M2',
      },
    },
    { type: 'evidence_checked', payload: { accusationId, valid: true, findings: [] } },
    {
      type: 'defence_given',
      payload: { accusationId, playerId: 'P3', text: 'I did not', messageId: 'M3' },
    },
    {
      type: 'verdict_reached',
      payload: {
        accusationId,
        verdict: 'proven',
        confidence: 0.9,
        reasoning: 'The quote is not in M1',
        accuserPenaltyFactor: null,
        messageId: 'M4',
      },
    },
    {
      type: 'player_eliminated',
      payload: {
        playerId: 'P3',
        turn: 2,
        round: 1,
        cause: 'proven_accusation',
        reasoning: 'P3 is out: proven false statement',
        standing: 0,
        messageId: 'M5',
      },
    },
    { type: 'final_words', payload: { playerId: 'P3', text: 'Farewell', messageId: 'M6' } },
    ...contribution(3, 'P4', 'M7', 0.1),
    {
      type: 'model_call',
      payload: {
        role: 'judge',
        playerId: null,
        purpose: 'score',
        model: 'openai:gpt-test',
        params: {},
        usage: { inputTokens: 0, outputTokens: 0 },
        latencyMs: 40,
        costUsd: 0,
        attempts: 3,
        error: { kind: 'timeout', message: 'no answer' },
      },
    },
    { type: 'round_ended', payload: { round: 1, turn: 3 } },
    {
      type: 'player_eliminated',
      payload: {
        playerId: 'P4',
        turn: 3,
        round: 1,
        cause: 'lowest_standing',
        reasoning: 'P4 has the lowest standing',
        standing: 0.05,
        messageId: 'M8',
      },
    },
    {
      type: 'narrator_line',
      payload: { turn: 3, trigger: 'closing', text: 'Two remain.', messageId: 'M9' },
    },
  ];
  if (!unfinished) {
    for (const c of champions) {
      events.push({
        type: 'champion_memory_updated',
        payload: {
          playerId: c.playerId,
          characterId: c.characterId,
          outcome: c.outcome,
          lessons: [`lesson of ${gameId}`],
          memory: `memory after ${gameId}`,
          record: { games: c.games, wins: c.wins },
          model: 'sim',
        },
      });
    }
    const standing = (playerId: string, name: string, place: number, active: boolean) => ({
      playerId,
      name,
      points: 1 / place,
      turns: 1,
      standing: 1 / place,
      status: active ? ('active' as const) : ('eliminated' as const),
      place,
    });
    events.push({
      type: 'game_ended',
      payload: {
        reason: options.reason ?? 'max_turns',
        detail: 'reached the turn limit',
        abortCause: options.reason === 'aborted' ? 'operator_stop' : null,
        winnerId: 'P1',
        standings: [
          standing('P1', 'Ana', 1, true),
          standing('P2', 'Bo', 2, true),
          standing('P4', 'Di', 3, false),
          standing('P3', 'Cy', 4, false),
        ],
      },
    });
  }
  return buildLog(gameId, events, start);
}

/**
 * A deterministic rating updater for tests: each seat's μ moves by (seats + 1 − 2 × place),
 * σ shrinks by a tenth, starting from μ 25, σ 25/3; aborted games are not rated.
 */
export const testRatingUpdater: RatingUpdater = (game, current) => {
  if (game.endReason === 'aborted') return [];
  const n = game.placements.length;
  const rows = new Map<string, RatingRow>();
  for (const p of game.placements) {
    for (const [pool, key] of [
      ['character', p.characterId],
      ['model', p.model],
    ] as const) {
      const id = `${pool}:${key}`;
      const before = rows.get(id) ??
        current.get(id) ?? {
          pool,
          key,
          mu: 25,
          sigma: 25 / 3,
          games: 0,
          wins: 0,
          lastGameId: game.gameId,
          updatedAt: game.endedAt,
        };
      rows.set(id, {
        pool,
        key,
        mu: before.mu + (n + 1 - 2 * p.place),
        sigma: before.sigma * 0.9,
        games: before.games + 1,
        wins: before.wins + (p.place === 1 ? 1 : 0),
        lastGameId: game.gameId,
        updatedAt: game.endedAt,
      });
    }
  }
  return [...rows.values()];
};
