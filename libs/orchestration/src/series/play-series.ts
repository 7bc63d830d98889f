import {
  ArenaError,
  GameConfigSchema,
  validate,
  type EndReason,
  type GameState,
} from '@arena/models';
import type { SeriesRecord } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from '../errors';
import { driveGame, gameLeased } from '../drive-game';
import { modelRuntimeOf } from '../game-session';
import { modelSpecsOf, runGame } from '../games';
import { SIM_DEFAULTS, resolveCharacter, resolveGameSpec } from '../resolve-spec';
import { planRound } from './schedule';
import { SeriesConfigSchema, type SeriesConfig } from './series-config';
import {
  createScheduledGame,
  gameResult,
  loadScheduledGame,
  scheduledGameConfig,
  type SeriesServices,
} from './series-game';
import type {
  GameResult,
  PlannedRound,
  PlayedRound,
  ScheduledGame,
  SeriesContext,
} from './series-types';
import { seriesStandings, type SeriesStandings } from './standings';

/** What a running series reports as it goes. */
export type SeriesProgress =
  | { type: 'round_planned'; seriesId: string; round: PlannedRound }
  | { type: 'game_started'; seriesId: string; game: ScheduledGame; resumed: boolean }
  | {
      type: 'game_ended';
      seriesId: string;
      game: ScheduledGame;
      result: GameResult;
      /** Why the game ended. */
      reason: EndReason;
      /** The game had ended before this run (a resumed series). */
      recorded: boolean;
      standings: SeriesStandings;
    }
  | { type: 'series_ended'; seriesId: string; standings: SeriesStandings };

export interface SeriesRunOptions {
  /** Called as rounds are planned and games start and end. */
  onProgress?: (progress: SeriesProgress) => void;
  /**
   * Stops the series: games in play are suspended at their next turn boundary (not ended) and
   * no new game starts; {@link resumeSeries} carries on from there.
   */
  signal?: AbortSignal;
}

/** Where a series stands after a run: `running` when it was stopped before its last game. */
export interface SeriesOutcome {
  seriesId: string;
  status: 'running' | 'ended';
  standings: SeriesStandings;
}

const iso = (services: SeriesServices) => new Date(services.clock.now()).toISOString();

/** The entrants' keys: each entrant's resolved character id, checked to be distinct. */
function seriesContext(services: SeriesServices, config: SeriesConfig): SeriesContext {
  const seen = new Map<string, number>();
  const entrants = config.entrants.map((e, i) => {
    const id = resolveCharacter(e.character, `entrants.${i}`, services.catalog).id;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new ArenaError(
        `entrants.${i}: character "${id}" is already entrant ${earlier}; each character enters once`,
        {
          code: ORCHESTRATION_ERROR_CODES.DUPLICATE_CHARACTER,
          category: 'user',
          details: { path: `entrants.${i}`, value: id },
        },
      );
    }
    seen.set(id, i);
    return id;
  });
  return { config, entrants };
}

/**
 * Fail before anything is written when the games could not be played: the first game's config
 * is resolved (scenario, rules, budgets) and every entrant's and official's model is checked.
 */
async function checkPlayable(services: SeriesServices, ctx: SeriesContext): Promise<void> {
  const first = planRound(ctx, [])?.games[0];
  if (!first) return;
  const config = validate(
    GameConfigSchema,
    await scheduledGameConfig(services, ctx, first),
    'game config',
    `series ${ctx.config.id}`,
  );
  const defaults = services.modelDefaults ?? SIM_DEFAULTS;
  const spec = resolveGameSpec({ ...config, seed: ctx.config.seed }, services.catalog, defaults);
  const seatModels = ctx.config.entrants.map((e) => e.model ?? defaults.seat);
  modelRuntimeOf(services).check([...new Set([...modelSpecsOf(spec), ...seatModels])]);
}

/**
 * Validate a series definition, record it, and play its games to the end: each round is
 * planned from the results so far, its games are created (`game_created` carries the series,
 * round and index; ids `<seriesId>-r<round>-g<index>`) and played `concurrency` at a time, and
 * the stored standings are updated after every game. Errors name the field path and what is
 * allowed; nothing is written when the definition is invalid, an entrant or the scenario is
 * unknown, a model cannot be used, or the id is taken (ORCH_SERIES_EXISTS).
 *
 * @example
 * const outcome = await playSeries(services, { format: 'swiss', scenario: 'city-water',
 *   entrants: ['amara-teodoro', 'idris-halloran', 'kestrel-obi', 'nadia-quell'],
 *   rounds: 2, maxTurns: 12 });
 */
export async function playSeries(
  services: SeriesServices,
  input: unknown,
  options: SeriesRunOptions & { source?: string } = {},
): Promise<SeriesOutcome> {
  const config = validate(SeriesConfigSchema, input, 'series config', options.source);
  const ctx = seriesContext(services, config);
  await checkPlayable(services, ctx);
  if (await services.store.getSeries(config.id)) {
    throw new ArenaError(
      `A series with id ${config.id} already exists; continue it with resume, or give another id or seed`,
      {
        code: ORCHESTRATION_ERROR_CODES.SERIES_EXISTS,
        category: 'user',
        details: { seriesId: config.id },
      },
    );
  }
  const now = iso(services);
  const record: SeriesRecord = {
    seriesId: config.id,
    format: config.format,
    status: 'running',
    config,
    standings: null,
    createdAt: now,
    updatedAt: now,
  };
  await services.store.saveSeries(record);
  return driveSeries(services, ctx, record, options);
}

/**
 * Continue a stored series after its process stopped or crashed: games that ended are read
 * from their logs, games in play resume from their logs, missing games are created, and the
 * schedule continues. Later rounds depend only on ended games, so with `sim` (or recorded
 * replies) the outcome is the one an uninterrupted run would have reached. An ended series is
 * returned as it is. Throws ORCH_SERIES_NOT_FOUND for an unknown id.
 */
export async function resumeSeries(
  services: SeriesServices,
  seriesId: string,
  options: SeriesRunOptions = {},
): Promise<SeriesOutcome> {
  const record = await loadSeries(services, seriesId);
  const ctx = seriesContext(services, storedConfig(record));
  if (record.status === 'ended') {
    return { seriesId, status: 'ended', standings: record.standings as SeriesStandings };
  }
  return driveSeries(services, ctx, record, options);
}

/** A stored series record; throws ORCH_SERIES_NOT_FOUND for an unknown id. */
export async function loadSeries(
  services: Pick<SeriesServices, 'store'>,
  seriesId: string,
): Promise<SeriesRecord> {
  const record = await services.store.getSeries(seriesId);
  if (!record) {
    throw new ArenaError(`No series with id ${seriesId}`, {
      code: ORCHESTRATION_ERROR_CODES.SERIES_NOT_FOUND,
      category: 'user',
      details: { seriesId },
    });
  }
  return record;
}

/** The definition a series was stored with, validated again. */
export function storedConfig(record: SeriesRecord): SeriesConfig {
  return validate(SeriesConfigSchema, record.config, 'stored series config', record.seriesId);
}

/** Plays rounds until the schedule is complete or the run is stopped. */
async function driveSeries(
  services: SeriesServices,
  ctx: SeriesContext,
  record: SeriesRecord,
  options: SeriesRunOptions,
): Promise<SeriesOutcome> {
  const seriesId = ctx.config.id;
  const played: PlayedRound[] = [];
  let saved = Promise.resolve();
  const save = (status: SeriesRecord['status'], standings: SeriesStandings) => {
    saved = saved.then(() =>
      services.store.saveSeries({ ...record, status, standings, updatedAt: iso(services) }),
    );
    return saved;
  };
  for (let plan = planRound(ctx, played); plan; plan = planRound(ctx, played)) {
    options.onProgress?.({ type: 'round_planned', seriesId, round: plan });
    const results = await playRound(services, ctx, plan, played, options, save);
    await saved;
    const ended = results.filter((r) => r !== null);
    played.push({ ...plan, results: ended });
    if (ended.length < results.length) {
      return { seriesId, status: 'running', standings: seriesStandings(ctx, played, false) };
    }
  }
  const standings = seriesStandings(ctx, played, true);
  await save('ended', standings);
  options.onProgress?.({ type: 'series_ended', seriesId, standings });
  return { seriesId, status: 'ended', standings };
}

/**
 * Plays one round's games `concurrency` at a time and returns their results in schedule order
 * (null for a game the run was stopped before it ended). After each game the standings so far
 * are saved. A failing game stops the others at their next turn boundary and the error is thrown.
 */
async function playRound(
  services: SeriesServices,
  ctx: SeriesContext,
  plan: PlannedRound,
  earlier: readonly PlayedRound[],
  options: SeriesRunOptions,
  save: (status: 'running', standings: SeriesStandings) => Promise<void>,
): Promise<(GameResult | null)[]> {
  const halt = new AbortController();
  const stop = () => halt.abort();
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  const results: (GameResult | null)[] = plan.games.map(() => null);
  const failures: unknown[] = [];
  let next = 0;
  const ended = async (game: ScheduledGame, at: number, outcome: PlayedGame) => {
    const { result, reason, recorded } = outcome;
    results[at] = result;
    const partial = { ...plan, results: results.filter((r) => r !== null) };
    const standings = seriesStandings(ctx, [...earlier, partial], false);
    options.onProgress?.({
      type: 'game_ended',
      seriesId: ctx.config.id,
      game,
      result,
      reason,
      recorded,
      standings,
    });
    if (!recorded) await save('running', standings);
  };
  const worker = async () => {
    while (!halt.signal.aborted && next < plan.games.length) {
      const at = next++;
      const game = plan.games[at] as ScheduledGame;
      try {
        const outcome = await playScheduledGame(services, ctx, game, halt.signal, options);
        if (outcome) await ended(game, at, outcome);
      } catch (error) {
        failures.push(error);
        stop();
      }
    }
  };
  const workers = Math.min(ctx.config.concurrency, plan.games.length);
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  if (failures.length > 0) throw failures[0];
  return results;
}

/** An ended game of the series: its result, why it ended, and whether it ended before this run. */
interface PlayedGame {
  result: GameResult;
  reason: EndReason;
  recorded: boolean;
}

const playedGame = (state: GameState, recorded: boolean): PlayedGame | null =>
  state.ended ? { result: gameResult(state), reason: state.ended.reason, recorded } : null;

/** Create the game if needed, play it on if it has not ended; null when it was suspended. */
async function playScheduledGame(
  services: SeriesServices,
  ctx: SeriesContext,
  game: ScheduledGame,
  suspend: AbortSignal,
  options: SeriesRunOptions,
): Promise<PlayedGame | null> {
  const stored = await loadScheduledGame(services, ctx.config.id, game);
  if (stored?.status === 'ended') return playedGame(stored, true);
  const state: GameState = stored ?? (await createScheduledGame(services, ctx, game));
  options.onProgress?.({
    type: 'game_started',
    seriesId: ctx.config.id,
    game,
    resumed: stored !== null,
  });
  return playedGame(await playOn(services, state.gameId, suspend), false);
}

/**
 * Play a stored game on: under its lease when the services share live state (so no other
 * process drives it at the same time), else directly. A game another process holds, or whose
 * lease is lost on the way, stops the series with ORCH_GAME_LEASED; resume it later.
 */
async function playOn(
  services: SeriesServices,
  gameId: string,
  suspend: AbortSignal,
): Promise<GameState> {
  const { live, leaseOptions } = services;
  if (!live || !leaseOptions) return runGame(services, gameId, { suspend });
  const driven = await driveGame({ ...services, live }, gameId, { ...leaseOptions, suspend });
  if (driven.outcome === 'busy') throw gameLeased(gameId, driven.holder);
  if (driven.outcome === 'lost') throw gameLeased(gameId, await live.holder(gameId));
  return driven.state;
}
