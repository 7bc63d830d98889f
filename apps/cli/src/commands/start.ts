import { z } from 'zod';
import type { GameConfig } from '@arena/models';
import { DEFAULT_SCENARIO_ID } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { GAME_CONFIG_FLAGS, GameConfigFlags, gameConfigFrom } from '../game-config-flags';
import { EXIT, type Output } from '../output';
import { startSpinner } from '../progress';
import { callRunner, type RunnerTarget } from '../runner-client';
import { RUNNER_FLAGS, RunnerFlags, requireRunner } from '../runner-flags';
import { followGame } from './watch';

export const START_HELP = `arena start [--config <file> | --scenario <id> --players <ids> …] [--runner <url>] [--token <token>] [--follow] [--json]
  Create a game on a runner (POST /games) and start it there; prints its id. The game is played
  by the runner, not by this process: watch it with arena watch <id>, stop it with arena stop <id>.

  Game flags as for arena play: --scenario, --players, --champion, --seed, --max-turns, --mode,
  --policy, --config, --model (for seats that name none), --judge, --narrator, --budget-tokens,
  --budget-usd, --budget-seconds. The runner accepts ids of its shipped content only (no file paths).
  --runner <url>           the runner (default: ARENA_RUNNER_URL), e.g. http://127.0.0.1:8787
  --token <token>          bearer token (default: ARENA_API_TOKEN; one of the runner's ARENA_API_TOKENS)
  --follow                 then print the live transcript until the game ends (as arena watch)
  --spectator              with --follow: also show hidden information
  --json                   print {id, seed, links} (with --follow: the events as JSON Lines)`;

const FLAGS = {
  ...GAME_CONFIG_FLAGS,
  ...RUNNER_FLAGS,
  follow: { type: 'boolean' },
  spectator: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const StartFlags = GameConfigFlags.extend(RunnerFlags.shape).extend({
  follow: z.boolean().optional(),
  spectator: z.boolean().optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

/** What `POST /games` answers. */
const Created = z
  .object({
    id: z.string().min(1),
    seed: z.number().int(),
    links: z.object({ self: z.string(), events: z.string() }).partial().optional(),
  })
  .loose();

/** The config with `--model` given to seats that name none and `--champion` marking seats. */
export function applySeatFlags(
  config: GameConfig,
  flags: { model?: string; champion?: string[] },
): GameConfig {
  const characters = config.players.map((p) => p.character);
  for (const id of flags.champion ?? []) {
    if (!characters.includes(id)) {
      throw usageError(
        `Invalid flags:\n  --champion: "${id}" is not among the players; allowed: ${characters.join(', ')}`,
        { path: '--champion', value: id, allowed: characters },
      );
    }
  }
  return {
    ...config,
    players: config.players.map((p) => ({
      ...p,
      ...(p.model === undefined && flags.model ? { model: flags.model } : {}),
      ...(flags.champion?.includes(p.character) ? { champion: true } : {}),
    })),
  };
}

/** `POST /games`: create and start a game on the runner. */
export async function createRunnerGame(
  target: RunnerTarget,
  config: GameConfig,
): Promise<z.output<typeof Created>> {
  return callRunner(target, {
    method: 'POST',
    path: '/games',
    body: config,
    schema: Created,
    what: 'start a game',
  });
}

/** `arena start`: create and start a game on a runner, and optionally follow it. */
export async function start(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(StartFlags, values);
  if (flags.help) {
    out.line(START_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw usageError(
      `start takes no arguments (got ${positionals.join(' ')}); describe the game with --config or --scenario and --players`,
    );
  }
  if (flags.spectator && !flags.follow) throw usageError('--spectator is only for --follow');
  const target = requireRunner('start', flags, settingsFrom(env));
  const config = applySeatFlags(gameConfigFrom(flags), flags);
  const spinner = flags.json
    ? null
    : startSpinner(
        out.progress,
        `Starting a game of ${config.scenario ?? DEFAULT_SCENARIO_ID} on ${target.url}`,
      );
  let created: z.output<typeof Created>;
  try {
    created = await createRunnerGame(target, config);
  } catch (error) {
    spinner?.fail();
    throw error;
  }
  spinner?.succeed(`Started game ${created.id} (seed ${created.seed}) on ${target.url}`);
  if (flags.json && !flags.follow) {
    out.json(created);
    return EXIT.ok;
  }
  if (!flags.json) {
    out.line(created.id);
    if (!flags.follow) {
      out.line(
        out.paint(
          'dim',
          `Watch it with: arena watch ${created.id} --runner ${target.url}   stop it with: arena stop ${created.id} --runner ${target.url}`,
        ),
      );
      return EXIT.ok;
    }
  }
  return followGame(target, created.id, out, {
    json: flags.json ?? false,
    spectator: flags.spectator ?? false,
  });
}
