import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { GAME_MODES, GameConfigSchema, TURN_POLICIES, validate } from '@arena/models';
import {
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  createGame,
  loadContentCatalog,
  resolveGameSpec,
} from '@arena/orchestration';
import { intFlag, parseFlags, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { playLive } from '../live-game';

const FLAGS = {
  scenario: { type: 'string' },
  players: { type: 'string' },
  seed: { type: 'string' },
  'max-turns': { type: 'string' },
  mode: { type: 'string' },
  policy: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PlayFlags = z.object({
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
  seed: intFlag(0, 2 ** 32 - 1).optional(),
  'max-turns': intFlag(1, 10_000).optional(),
  mode: z.enum(GAME_MODES).optional(),
  policy: z.enum(TURN_POLICIES).optional(),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
});

export const PLAY_HELP = `arena play [flags]
  Play a whole game in the terminal with a live transcript and final standings.

  --scenario <id|file>     scenario id or path to a scenario YAML (default: ${DEFAULT_SCENARIO_ID})
  --players <ids|files>    comma-separated character ids or profile files (default: 6 shipped characters)
  --seed <n>               seed for every random decision (default: random, printed)
  --max-turns <n>          turn limit, 1-10000 (default: 40)
  --mode <mode>            ${GAME_MODES.join(' | ')} (default: competitive)
  --policy <policy>        ${TURN_POLICIES.join(' | ')} (default: weighted)
  --data-dir <dir>         where the embedded store lives (default: ARENA_DATA_DIR or .arena)
  --spectator              also show hidden information (scores, the turn policy's reasoning)
  --json                   print the game's events as JSON Lines instead of a transcript

  Every seat plays the built-in 'sim' model: a deterministic simulator, not a language model.`;

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
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  // Resolve everything before opening the store, so bad input writes nothing.
  const config = validate(
    GameConfigSchema,
    {
      scenario: flags.scenario ?? DEFAULT_SCENARIO_ID,
      players: flags.players ?? [...DEFAULT_PLAYER_IDS],
      seed: flags.seed,
      maxTurns: flags['max-turns'],
      mode: flags.mode,
      policy: flags.policy,
    },
    'game config',
    'flags',
  );
  const catalog = loadContentCatalog(settings.ARENA_CONTENT_DIR);
  const spec = resolveGameSpec({ ...config, seed: config.seed ?? randomInt(2 ** 31) }, catalog);
  return withServices(
    settings,
    async (services) => {
      const created = await createGame(services, spec, { gameId: `g-${randomUUID().slice(0, 8)}` });
      return playLive(services, created.gameId, out, flags);
    },
    catalog,
  );
}
