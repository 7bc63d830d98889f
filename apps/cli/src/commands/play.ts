import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { assertProvidersConfigured } from '@arena/agents';
import {
  GAME_MODES,
  GameConfigSchema,
  ModelSpecSchema,
  TURN_POLICIES,
  parseYamlDocument,
  validate,
  type GameSpec,
} from '@arena/models';
import {
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  championSeatIndexes,
  createGame,
  loadContentCatalog,
  modelDefaults,
  modelSpecsOf,
  providerSettings,
  readContentFile,
  resolveGameSpec,
  seatChampions,
  type ArenaSettings,
} from '@arena/orchestration';
import { intFlag, parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { playLive } from '../live-game';

const FLAGS = {
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
  cassette: { type: 'string' },
  replay: { type: 'boolean' },
  'budget-tokens': { type: 'string' },
  'budget-usd': { type: 'string' },
  'budget-seconds': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PlayFlags = z
  .object({
    scenario: z.string().min(1).optional(),
    players: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      )
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
    judge: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .pipe(z.array(ModelSpecSchema).min(1, 'name 1-5 model specs').max(5, 'at most 5 judges'))
      .optional(),
    narrator: ModelSpecSchema.optional(),
    cassette: z.string().min(1).optional(),
    replay: z.boolean().optional(),
    'budget-tokens': intFlag(1, 1_000_000_000).optional(),
    'budget-usd': z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'must be an amount in USD such as 0.50')
      .transform(Number)
      .pipe(z.number().positive('must be more than 0'))
      .optional(),
    'budget-seconds': intFlag(1, 10_000_000).optional(),
    'data-dir': z.string().min(1).optional(),
    json: z.boolean().optional(),
    spectator: z.boolean().optional(),
    help: z.boolean().optional(),
  })
  .refine((f) => !f.replay || f.cassette, {
    path: ['replay'],
    message: 'needs --cassette <file> to replay from',
  });

export const PLAY_HELP = `arena play [flags]
  Play a whole game in the terminal with a live transcript and final standings.

  --scenario <id|file>     scenario id or path to a scenario YAML (default: ${DEFAULT_SCENARIO_ID})
  --players <ids|files>    comma-separated character ids or profile files (default: 6 shipped characters)
  --champion <id>          seat this player with its stored champion memory (repeatable; the
                           character must be among the players; the others are not told)
  --seed <n>               seed for every random decision (default: random, printed)
  --max-turns <n>          turn limit, 1-10000 (default: 40)
  --mode <mode>            ${GAME_MODES.join(' | ')} (default: competitive)
  --policy <policy>        ${TURN_POLICIES.join(' | ')} (default: weighted)
  --config <file>          game config (YAML or JSON): scenario, players with per-seat models,
                           judge panel, narrator, budgets, rules; the flags above override it
  --model <spec>           model for seats that name none (default: ARENA_MODEL or sim)
  --judge <specs>          judge panel, 1-5 comma-separated specs (default: ARENA_JUDGE_MODELS or sim)
  --narrator <spec>        narrator model (default: ARENA_NARRATOR_MODEL or sim)
  --cassette <file>        record every model call to this file and replay the calls it holds
  --replay                 replay only from --cassette: no network; a call it lacks is an error
  --budget-tokens <n>      end the game (aborted: budget) once its model calls used n tokens
  --budget-usd <x>         ... once they cost x USD (prices from ARENA_PRICES)
  --budget-seconds <n>     ... once it has played for n seconds
  --data-dir <dir>         where the embedded store lives (default: ARENA_DATA_DIR or .arena)
  --spectator              also show hidden information (scores, the turn policy's reasoning)
  --json                   print the game's events as JSON Lines instead of a transcript

  Model specs: sim | openai:<model> | anthropic:<model> | ollama:<model> |
  openai-compatible:<base-url>#<model>. 'sim' is the built-in deterministic simulator, not a
  language model; it needs no keys and plays offline.`;

function readConfigFile(path: string): unknown {
  return readContentFile(path, (text, source) => parseYamlDocument(text, source));
}

/** Settings with the model flags applied: they take precedence over the environment. */
function withModelFlags(settings: ArenaSettings, flags: z.output<typeof PlayFlags>): ArenaSettings {
  return {
    ...settings,
    ...(flags.model ? { ARENA_MODEL: flags.model } : {}),
    ...(flags.judge ? { ARENA_JUDGE_MODELS: flags.judge } : {}),
    ...(flags.narrator ? { ARENA_NARRATOR_MODEL: flags.narrator } : {}),
    ...(flags.cassette ? { ARENA_CASSETTE: flags.cassette } : {}),
    ...(flags.replay ? { ARENA_CASSETTE_MODE: 'replay' as const } : {}),
  };
}

/** Seats (positions in `players`) the `--champion` flags name, by character id. */
function championFlagSeats(ids: readonly string[], spec: GameSpec): number[] {
  const characters = spec.seats.map((s) => s.profile.id);
  return ids.map((id) => {
    const index = characters.indexOf(id);
    if (index < 0) {
      throw usageError(
        `Invalid flags:\n  --champion: "${id}" is not among the players; allowed: ${characters.join(', ')}`,
        { path: '--champion', value: id, allowed: characters },
      );
    }
    return index;
  });
}

function budgetsFrom(flags: z.output<typeof PlayFlags>, file: Record<string, unknown>) {
  const fromFile = (file['budgets'] ?? {}) as { game?: Record<string, unknown>; seat?: unknown };
  const game = {
    ...(fromFile.game ?? {}),
    ...(flags['budget-tokens'] !== undefined ? { tokens: flags['budget-tokens'] } : {}),
    ...(flags['budget-usd'] !== undefined ? { usd: flags['budget-usd'] } : {}),
    ...(flags['budget-seconds'] !== undefined ? { wallSeconds: flags['budget-seconds'] } : {}),
  };
  return { ...fromFile, game };
}

export async function play(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values } = parseFlags(argv, FLAGS);
  const flags = validateFlags(PlayFlags, values);
  if (flags.help) {
    out.line(PLAY_HELP);
    return EXIT.ok;
  }
  const settings = withModelFlags(settingsFrom(env, { dataDir: flags['data-dir'] }), flags);
  // Resolve everything before opening the store, so bad input writes nothing.
  const file = flags.config
    ? validate(
        z.record(z.string(), z.unknown(), { message: 'must be a mapping of game config fields' }),
        readConfigFile(flags.config),
        'game config',
        flags.config,
      )
    : {};
  const config = validate(
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
  const catalog = loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const spec = resolveGameSpec(
    { ...config, seed: config.seed ?? randomInt(2 ** 31) },
    catalog,
    modelDefaults(settings),
  );
  const champions = [
    ...new Set([
      ...championSeatIndexes(config.players),
      ...championFlagSeats(flags.champion ?? [], spec),
    ]),
  ];
  assertProvidersConfigured(modelSpecsOf(spec), providerSettings(settings));
  return withServices(
    settings,
    async (services) => {
      const seated = await seatChampions(services.store, spec, champions);
      const created = await createGame(services, seated, {
        gameId: `g-${randomUUID().slice(0, 8)}`,
      });
      return playLive(services, created.gameId, out, flags);
    },
    catalog,
  );
}
