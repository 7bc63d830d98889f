import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { assertProvidersConfigured } from '@arena/agents';
import { GAME_MODES, TURN_POLICIES, type GameSpec } from '@arena/models';
import {
  DEFAULT_SCENARIO_ID,
  championSeatIndexes,
  createGame,
  loadContentCatalog,
  modelDefaults,
  modelSpecsOf,
  providerSettings,
  resolveGameSpec,
  seatChampions,
  type ArenaSettings,
} from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { GAME_CONFIG_FLAGS, GameConfigFlags, gameConfigFrom } from '../game-config-flags';
import { playLive } from '../live-game';

const FLAGS = {
  ...GAME_CONFIG_FLAGS,
  cassette: { type: 'string' },
  replay: { type: 'boolean' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PlayFlags = GameConfigFlags.extend({
  cassette: z.string().min(1).optional(),
  replay: z.boolean().optional(),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
}).refine((f) => !f.replay || f.cassette, {
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
  const config = gameConfigFrom(flags);
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
