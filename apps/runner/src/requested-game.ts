import { z } from 'zod';
import {
  GameConfigSchema,
  invalidInput,
  validate,
  type GameConfig,
  type GameState,
  type Issue,
} from '@arena/models';
import {
  createGameFromConfig,
  isFileReference,
  type ContentCatalog,
  type LeasedGameServices,
  type ModelDefaults,
} from '@arena/orchestration';

/** What the runner plays games on: an `ArenaServices` fits. */
export type RunnerServices = LeasedGameServices & {
  catalog: ContentCatalog;
  modelDefaults?: ModelDefaults;
};

/** Unknown fields are rejected so that a misspelt option is never silently ignored. */
const GameConfigBody = z.strictObject(GameConfigSchema.shape);

/** A requested config may only name shipped content: paths would read the runner's files. */
function fileReferences(config: GameConfig, catalog: ContentCatalog): Issue[] {
  const refs: Array<[path: string, ref: string, allowed: Iterable<string>]> = [
    ['scenario', config.scenario, catalog.scenarios.keys()],
    ...config.players.map((p, i): [string, string, Iterable<string>] => [
      `players.${i}`,
      p.character,
      catalog.characters.keys(),
    ]),
  ];
  return refs
    .filter(([, ref]) => isFileReference(ref))
    .map(([path, ref, allowed]) => ({
      path,
      message: `"${ref}" is a file path; the runner accepts ids of shipped content only (allowed: ${[...allowed].sort().join(', ')})`,
    }));
}

/**
 * Check a game config that reached the runner from outside (an HTTP body, a `create_game`
 * command): valid, with no unknown fields, naming shipped content only.
 *
 * @throws ArenaError `ARENA_INVALID_INPUT` (category `user`) naming each field path.
 */
export function checkRequestedConfig(
  input: unknown,
  catalog: ContentCatalog,
  source: string,
): GameConfig {
  const config = validate(GameConfigBody, input, 'game config', source);
  const files = fileReferences(config, catalog);
  if (files.length > 0) throw invalidInput('game config', files, source);
  return config;
}

/**
 * Record a new game from a checked config: its scenario and characters resolved from the
 * catalog, seats without a model given the runner's defaults, `seed` used when it names none.
 *
 * @throws ArenaError (category `user`) for unknown content or unusable models,
 *   `ORCH_GAME_EXISTS` when the id is taken.
 */
export function createRequestedGame(
  services: RunnerServices,
  config: GameConfig,
  options: {
    gameId: string;
    seed: number;
    source: string;
    /** Record it as waiting for a start by id: no runner takes it up by itself. */
    awaitingStart?: boolean;
  },
): Promise<GameState> {
  return createGameFromConfig(services, services.catalog, config, {
    gameId: options.gameId,
    defaultSeed: options.seed,
    source: options.source,
    defaults: services.modelDefaults,
    awaitingStart: options.awaitingStart,
  });
}
