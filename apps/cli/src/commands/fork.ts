import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ArenaError, hasErrorCode, type Issue } from '@arena/models';
import { ORCHESTRATION_ERROR_CODES, forkGame, type ForkOptions } from '@arena/orchestration';
import { intFlag, parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { playLive } from '../live-game';
import { EXIT, type Output } from '../output';

export const FORK_HELP = `arena fork <game-id> --at <turn> [--seat N=<spec> …] [--judge <spec> …] [--seed <n>]
           [--json] [--spectator] [--data-dir <dir>]
  What if? Start a new game from a stored one as it stood after turn <turn> (0 = before the
  first turn; at most the last complete turn, the one before the end for a finished game), with
  other models in some seats, another judge panel or another seed, and play it to the end with a
  live transcript. The stored game is left as it was; the new game records where it came from.
  With the same seed and models the fork plays out as the original did.

  --at <turn>          last turn copied from the stored game
  --seat N=<spec>      the model that plays seat N from then on (repeat for more seats)
  --judge <spec>       the judge panel from then on: repeat for 1-5 judges
  --seed <n>           seed for the rest of the game (default: the stored game's)
  --spectator          also show hidden information (scores, the turn policy's reasoning)
  --json               print the new game's events as JSON Lines instead of a transcript
  --data-dir <dir>     where the embedded store lives (default: ARENA_DATA_DIR or .arena)`;

const FLAGS = {
  at: { type: 'string' },
  seat: { type: 'string', multiple: true },
  judge: { type: 'string', multiple: true },
  seed: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const Flags = z.object({
  at: z
    .string({ error: 'is required: the last turn to copy, e.g. --at 10' })
    .pipe(intFlag(0, 10_000)),
  seat: z
    .array(z.string().regex(/^\d+=\S+$/, 'must be N=<spec>, e.g. 2=sim or 3=openai:gpt-4o-mini'))
    .optional(),
  judge: z.array(z.string().min(1)).max(5, 'takes at most 5 judges (a panel of 1 to 5)').optional(),
  seed: intFlag(0, 2 ** 32 - 1).optional(),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
});

/** The fork's seat overrides; a seat named twice is a usage error. */
function seatsFrom(pairs: readonly string[]): Record<string, string> {
  const seats: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const seat = String(Number(pair.slice(0, at)));
    if (seat in seats) throw usageError(`--seat: seat ${seat} is named more than once`);
    seats[seat] = pair.slice(at + 1);
  }
  return seats;
}

/** The flag an option's field path came from (`seats.2` → `--seat 2`). */
function flagOf(path: string): string {
  const [field, key] = path.split('.');
  if (field === 'seats') return `--seat ${key ?? ''}`.trim();
  if (field === 'judge')
    return key === undefined ? '--judge' : `--judge (judge ${Number(key) + 1})`;
  return field === 'at' || field === 'seed' ? `--${field}` : path;
}

/** Option errors reworded in terms of the flags. */
function asUsageError(error: unknown): unknown {
  if (!hasErrorCode(error, ORCHESTRATION_ERROR_CODES.INVALID_FORK_OPTIONS)) return error;
  const issues = ((error as ArenaError).details['issues'] ?? []) as Issue[];
  const lines = issues.map((i) => `  ${flagOf(i.path)}: ${i.message}`);
  return usageError(`Invalid flags:\n${lines.join('\n')}`, { issues });
}

export async function fork(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  if (values['help']) {
    out.line(FORK_HELP);
    return EXIT.ok;
  }
  const [sourceId, ...extra] = positionals;
  if (!sourceId || extra.length > 0) {
    throw usageError('fork takes exactly one argument: the id of the game to fork');
  }
  const flags = validateFlags(Flags, values);
  const options: ForkOptions = {
    gameId: `g-${randomUUID().slice(0, 8)}`,
    at: flags.at,
    ...(flags.seat ? { seats: seatsFrom(flags.seat) } : {}),
    ...(flags.judge ? { judge: flags.judge } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    const source = await services.store.load(sourceId);
    if (source.length === 0) {
      throw new ArenaError(`No game with id ${sourceId}`, {
        code: ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND,
        category: 'user',
        details: { gameId: sourceId },
      });
    }
    const forked = await forkGame(services, source, options).catch((error: unknown) => {
      throw asUsageError(error);
    });
    if (!flags.json) {
      out.line(
        out.paint('bold', `Forked ${sourceId} after turn ${flags.at} as ${forked.gameId}`) +
          out.paint('dim', `  (seed ${forked.spec.seed})`),
      );
    }
    return playLive(services, forked.gameId, out, {
      json: flags.json,
      spectator: flags.spectator,
      replayStored: flags.json ?? false,
    });
  });
}
