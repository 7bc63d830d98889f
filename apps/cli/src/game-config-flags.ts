import { z } from 'zod';
import {
  GAME_MODES,
  GameConfigSchema,
  ModelSpecSchema,
  TURN_POLICIES,
  parseYamlDocument,
  validate,
  type GameConfig,
} from '@arena/models';
import { DEFAULT_PLAYER_IDS, DEFAULT_SCENARIO_ID, readContentFile } from '@arena/orchestration';
import { intFlag } from './args';

/** Flags that describe a game (`arena play` and `arena start`). */
export const GAME_CONFIG_FLAGS = {
  scenario: { type: 'string' },
  players: { type: 'string' },
  champion: { type: 'string', multiple: true },
  seed: { type: 'string' },
  'max-turns': { type: 'string' },
  mode: { type: 'string' },
  policy: { type: 'string' },
  config: { type: 'string' },
  model: { type: 'string' },
  judge: { type: 'string' },
  narrator: { type: 'string' },
  'budget-tokens': { type: 'string' },
  'budget-usd': { type: 'string' },
  'budget-seconds': { type: 'string' },
} as const;

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

/** Validation of {@link GAME_CONFIG_FLAGS}: each error names its flag. */
export const GameConfigFlags = z.object({
  scenario: z.string().min(1).optional(),
  players: commaList
    .pipe(
      z
        .array(z.string())
        .min(2, 'name at least 2 players, comma-separated')
        .max(20, 'at most 20 players'),
    )
    .optional(),
  champion: z.array(z.string().min(1, 'needs a character id')).optional(),
  seed: intFlag(0, 2 ** 32 - 1).optional(),
  'max-turns': intFlag(1, 10_000).optional(),
  mode: z.enum(GAME_MODES).optional(),
  policy: z.enum(TURN_POLICIES).optional(),
  config: z.string().min(1).optional(),
  model: ModelSpecSchema.optional(),
  judge: commaList
    .pipe(z.array(ModelSpecSchema).min(1, 'name 1-5 model specs').max(5, 'at most 5 judges'))
    .optional(),
  narrator: ModelSpecSchema.optional(),
  'budget-tokens': intFlag(1, 1_000_000_000).optional(),
  'budget-usd': z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be an amount in USD such as 0.50')
    .transform(Number)
    .pipe(z.number().positive('must be more than 0'))
    .optional(),
  'budget-seconds': intFlag(1, 10_000_000).optional(),
});
export type GameConfigFlagValues = z.output<typeof GameConfigFlags>;

/** A game config file (YAML or JSON) as a mapping; malformed files name the file. */
export function readGameConfigFile(path: string): Record<string, unknown> {
  return validate(
    z.record(z.string(), z.unknown(), { message: 'must be a mapping of game config fields' }),
    readContentFile(path, (text, source) => parseYamlDocument(text, source)),
    'game config',
    path,
  );
}

function budgetsFrom(flags: GameConfigFlagValues, file: Record<string, unknown>) {
  const fromFile = (file['budgets'] ?? {}) as { game?: Record<string, unknown>; seat?: unknown };
  const game = {
    ...(fromFile.game ?? {}),
    ...(flags['budget-tokens'] !== undefined ? { tokens: flags['budget-tokens'] } : {}),
    ...(flags['budget-usd'] !== undefined ? { usd: flags['budget-usd'] } : {}),
    ...(flags['budget-seconds'] !== undefined ? { wallSeconds: flags['budget-seconds'] } : {}),
  };
  return { ...fromFile, game };
}

/**
 * The game config the flags describe: `--config`'s file with the other flags over it, the
 * default scenario and players where neither names them. `--model` and `--champion` are not
 * applied here (play resolves them against its settings and the store).
 *
 * @throws ArenaError (category `user`) naming the file or field of invalid input.
 */
export function gameConfigFrom(flags: GameConfigFlagValues): GameConfig {
  const file = flags.config ? readGameConfigFile(flags.config) : {};
  return validate(
    GameConfigSchema,
    {
      ...file,
      scenario: flags.scenario ?? file['scenario'] ?? DEFAULT_SCENARIO_ID,
      players: flags.players ?? file['players'] ?? [...DEFAULT_PLAYER_IDS],
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags['max-turns'] !== undefined ? { maxTurns: flags['max-turns'] } : {}),
      ...(flags.mode ? { mode: flags.mode } : {}),
      ...(flags.policy ? { policy: flags.policy } : {}),
      ...(flags.judge ? { judge: { panel: flags.judge } } : {}),
      ...(flags.narrator ? { narrator: flags.narrator } : {}),
      budgets: budgetsFrom(flags, file),
    },
    'game config',
    flags.config ?? 'flags',
  );
}
