import { TOPICS } from '@arena/message-bus';
import {
  ArenaError,
  GameConfigSchema,
  applyEvent,
  validate,
  envelopeEvent,
  foldGame,
  type GameSpec,
  type GameState,
} from '@arena/models';
import type { EventStore } from '@arena/persistence';
import type { ContentCatalog } from './catalog';
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

/**
 * Record a new game (`game_created`). Fails before anything is written when a model cannot be
 * used with this configuration (a missing key, say) or the id is taken.
 */
export async function createGame(
  services: GameServices,
  spec: GameSpec,
  options: { gameId: string },
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
    payload: { spec },
  });
  await services.store.append([created]);
  await services.bus.publish(TOPICS.gameEvents, [{ key: created.gameId, value: created }]);
  return applyEvent(undefined, created);
}

/** Fold a stored game; throws ORCH_GAME_NOT_FOUND for an unknown id. */
export async function loadGame(store: EventStore, gameId: string): Promise<GameState> {
  const events = await store.load(gameId);
  if (events.length === 0) {
    throw new ArenaError(`No game with id ${gameId}`, {
      code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
      category: 'user',
      details: { gameId },
    });
  }
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
 * characters, and record the new game. Errors name the field path and the allowed values.
 *
 * @example
 * const game = await createGameFromConfig(services, catalog, { scenario: 'city-water', players: ['ada', 'bo'] },
 *   { gameId: 'g-1', defaultSeed: 42 });
 */
export async function createGameFromConfig(
  services: GameServices,
  catalog: ContentCatalog,
  input: unknown,
  options: { gameId: string; defaultSeed: number; source?: string; defaults?: ModelDefaults },
): Promise<GameState> {
  const config = validate(GameConfigSchema, input, 'game config', options.source);
  const spec = resolveGameSpec(
    { ...config, seed: config.seed ?? options.defaultSeed },
    catalog,
    options.defaults,
  );
  return createGame(services, spec, { gameId: options.gameId });
}
