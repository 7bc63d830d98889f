import { ArenaError, foldGame, hashString, type GameState } from '@arena/models';
import type { LiveState } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from '../errors';
import type { ContentCatalog } from '../catalog';
import type { GameServices } from '../game-session';
import { createGameFromConfig } from '../games';
import type { ModelDefaults } from '../models';
import type { SeriesConfig } from './series-config';
import type { GameResult, ScheduledGame, SeriesContext } from './series-types';

/** What a series needs to create and play its games. */
export interface SeriesServices extends GameServices {
  catalog: ContentCatalog;
  /** Models for seats and officials the definition does not name. @default sim everywhere */
  modelDefaults?: ModelDefaults;
  /** Shared live state: with `leaseOptions`, each game is driven under its lease (`driveGame`). */
  live?: LiveState;
  /** This process as a lease owner and the lease time-to-live. */
  leaseOptions?: { owner: string; ttlMs: number };
}

/** Seed of one game of a series: fixed by the series seed and the game's place in the schedule. */
export function seriesGameSeed(seed: number, index: number): number {
  return hashString(`${seed}|series-game|${index}`);
}

/** The game config every game of the series shares (its scenario, turns, officials, rules…). */
function sharedGameConfig(config: SeriesConfig) {
  const { scenario, maxTurns, mode, policy, judge, narrator, summariser, bidder } = config;
  const { budgets, context, rules } = config;
  return {
    scenario,
    maxTurns,
    mode,
    policy,
    judge,
    narrator,
    summariser,
    bidder,
    budgets,
    context,
    rules,
  };
}

/**
 * The game config of a scheduled game: the entrants in seat order with their models; the
 * reigning champion's seat is flagged `champion` when it has a stored memory, so it joins.
 */
export async function scheduledGameConfig(
  services: SeriesServices,
  ctx: SeriesContext,
  game: ScheduledGame,
): Promise<Record<string, unknown>> {
  const players = await Promise.all(
    game.seats.map(async (key) => {
      const entrant = ctx.config.entrants[ctx.entrants.indexOf(key)];
      if (!entrant) throw new TypeError(`${key} is not an entrant of ${ctx.config.id}`);
      const champion = game.champion === key && (await services.store.getChampion(key)) !== null;
      return {
        character: entrant.character,
        ...(entrant.model ? { model: entrant.model } : {}),
        ...(champion ? { champion: true } : {}),
      };
    }),
  );
  return {
    ...sharedGameConfig(ctx.config),
    players,
    seed: seriesGameSeed(ctx.config.seed, game.index),
  };
}

/** Record a scheduled game: its `game_created` links it to the series. */
export async function createScheduledGame(
  services: SeriesServices,
  ctx: SeriesContext,
  game: ScheduledGame,
): Promise<GameState> {
  return createGameFromConfig(
    services,
    services.catalog,
    await scheduledGameConfig(services, ctx, game),
    {
      gameId: game.gameId,
      defaultSeed: seriesGameSeed(ctx.config.seed, game.index),
      source: `series ${ctx.config.id}`,
      defaults: services.modelDefaults,
      series: { seriesId: ctx.config.id, round: game.round, index: game.index },
      ...(game.names ? { displayNames: game.names } : {}),
    },
  );
}

/**
 * A scheduled game as stored, or null when it has not been created. Throws
 * ORCH_SERIES_GAME_MISMATCH when a game with its id exists but is not that game of the series.
 */
export async function loadScheduledGame(
  services: SeriesServices,
  seriesId: string,
  game: ScheduledGame,
): Promise<GameState | null> {
  const events = await services.store.load(game.gameId);
  const created = events[0];
  if (!created) return null;
  const link = created.type === 'game_created' ? created.payload.series : undefined;
  if (link?.seriesId !== seriesId || link.round !== game.round || link.index !== game.index) {
    throw new ArenaError(
      `Game ${game.gameId} exists but is not game ${game.index} (round ${game.round}) of series ${seriesId}`,
      {
        code: ORCHESTRATION_ERROR_CODES.SERIES_GAME_MISMATCH,
        category: 'system',
        details: { gameId: game.gameId, seriesId, round: game.round, index: game.index },
      },
    );
  }
  return foldGame(events);
}

/** How an ended game finished, in entrant keys (character ids). */
export function gameResult(state: GameState): GameResult {
  if (!state.ended) throw new TypeError(`game ${state.gameId} has not ended`);
  const character = new Map(state.spec.seats.map((s) => [s.playerId, s.profile.id]));
  const finish = [...state.ended.standings]
    .sort((a, b) => a.place - b.place)
    .map((s) => character.get(s.playerId) ?? s.playerId);
  const winner = state.ended.winnerId;
  return {
    gameId: state.gameId,
    finish,
    winner: winner === null ? null : (character.get(winner) ?? null),
  };
}
