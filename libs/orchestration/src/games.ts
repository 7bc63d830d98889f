import { publishGameEvents } from '@arena/message-bus';
import {
  ArenaError,
  GameConfigSchema,
  applyEvent,
  validate,
  envelopeEvent,
  foldGame,
  type GameSpec,
  type GameState,
  type PayloadOf,
} from '@arena/models';
import type { EventStore } from '@arena/persistence';
import type { ContentCatalog } from './catalog';
import { championSeatIndexes, seatChampions } from './champion-seats';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { resolveGameSpec } from './resolve-spec';
import { GameSession, modelRuntimeOf, type GameServices, type RunOptions } from './game-session';
import type { ModelDefaults } from './models';

/** Every model spec a game needs: seats, judge panel, narrator and summariser. */
export function modelSpecsOf(spec: GameSpec): string[] {
  return [
    ...new Set([
      ...spec.seats.map((s) => s.model),
      ...spec.officials.judge,
      spec.officials.narrator,
      spec.officials.summariser,
      ...(spec.officials.bidder ? [spec.officials.bidder] : []),
    ]),
  ];
}

/** Where a game sits in a series: recorded in its `game_created`. */
export type SeriesGameRef = NonNullable<PayloadOf<'game_created'>['series']>;

/**
 * Record a new game (`game_created`). Fails before anything is written when a model cannot be
 * used with this configuration (a missing key, say) or the id is taken.
 */
export async function createGame(
  services: GameServices,
  spec: GameSpec,
  options: { gameId: string; series?: SeriesGameRef; awaitingStart?: boolean },
): Promise<GameState> {
  modelRuntimeOf(services).check(modelSpecsOf(spec));
  const existing = await services.store.getGame(options.gameId);
  if (existing) {
    throw new ArenaError(`A game with id ${options.gameId} already exists`, {
      code: ORCHESTRATION_ERROR_CODES.GAME_EXISTS,
      category: 'user',
      details: { gameId: options.gameId },
    });
  }
  const created = envelopeEvent(options.gameId, 0, services.clock.now(), {
    type: 'game_created',
    payload: {
      spec,
      ...(options.series ? { series: options.series } : {}),
      ...(options.awaitingStart ? { awaitingStart: true as const } : {}),
    },
  });
  await services.store.append([created]);
  await publishGameEvents(services.bus, [created]);
  return applyEvent(undefined, created);
}

/** Error for a game id with no stored events. */
export function gameNotFound(gameId: string): ArenaError {
  return new ArenaError(`No game with id ${gameId}`, {
    code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
    category: 'user',
    details: { gameId },
  });
}

/** Fold a stored game; throws ORCH_GAME_NOT_FOUND for an unknown id. */
export async function loadGame(store: EventStore, gameId: string): Promise<GameState> {
  const events = await store.load(gameId);
  if (events.length === 0) throw gameNotFound(gameId);
  return foldGame(events);
}

/** Play a stored game to its end, continuing from wherever its log stops. */
export async function runGame(
  services: GameServices,
  gameId: string,
  options: RunOptions = {},
): Promise<GameState> {
  const state = await loadGame(services.store, gameId);
  return new GameSession(services, state, options).run();
}

/** Create and play a game in one call. */
export async function playGame(
  services: GameServices,
  spec: GameSpec,
  options: RunOptions & { gameId: string },
): Promise<GameState> {
  const state = await createGame(services, spec, { gameId: options.gameId });
  return new GameSession(services, state, options).run();
}

/**
 * Validate a raw game config (from a flag set, a file or an API body), resolve its scenario and
 * characters, seat the champions it asks for (`players[i].champion`) with their stored memory,
 * and record the new game. Errors name the field path and the allowed values.
 *
 * @example
 * const game = await createGameFromConfig(services, catalog, { scenario: 'city-water', players: ['ada', 'bo'] },
 *   { gameId: 'g-1', defaultSeed: 42 });
 */
export async function createGameFromConfig(
  services: GameServices,
  catalog: ContentCatalog,
  input: unknown,
  options: {
    gameId: string;
    defaultSeed: number;
    source?: string;
    defaults?: ModelDefaults;
    /** The series the game belongs to (recorded in `game_created`). */
    series?: SeriesGameRef;
    /** Names shown for the seats, in seat order, in place of the characters' own names. */
    displayNames?: readonly string[];
    /** Record it as waiting to be started by id (see `game_created.awaitingStart`). */
    awaitingStart?: boolean;
  },
): Promise<GameState> {
  const config = validate(GameConfigSchema, input, 'game config', options.source);
  const resolved = resolveGameSpec(
    { ...config, seed: config.seed ?? options.defaultSeed },
    catalog,
    options.defaults,
  );
  const spec = await seatChampions(services.store, resolved, championSeatIndexes(config.players));
  return createGame(services, withDisplayNames(spec, options.displayNames), {
    gameId: options.gameId,
    series: options.series,
    awaitingStart: options.awaitingStart,
  });
}

/** The spec with each seat's profile shown under the given name (seat order); as is without names. */
function withDisplayNames(spec: GameSpec, names: readonly string[] | undefined): GameSpec {
  if (!names) return spec;
  return {
    ...spec,
    seats: spec.seats.map((seat, i) => ({
      ...seat,
      profile: { ...seat.profile, name: names[i] ?? seat.profile.name },
    })),
  };
}
