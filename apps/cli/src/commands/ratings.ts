import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { rebuildStoredRatings, type ArenaServices } from '@arena/orchestration';
import type { RatingRow } from '@arena/persistence';
import { RATING_POOLS, conservativeRating, ratingInterval, type RatingPool } from '@arena/scoring';
import { intFlag, parseFlags, usageError, validateFlags, READ_FLAGS, ReadFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { SILENT_PROGRESS, startSpinner } from '../progress';

export const RATINGS_HELP = `arena ratings rebuild [--json] [--data-dir <dir>]
  Recompute every rating from the event log: replay all finished games in the order they ended
  and replace the stored ratings in one transaction. Ratings are kept up to date as games end;
  a rebuild is needed only after changing the rating rules or importing logs. Prints the games
  read and rated, the keys per pool and the time taken (--json: one object).`;

export const LEADERBOARD_HELP = `arena leaderboard [--by character|model] [--limit <n>] [--json] [--data-dir <dir>]
  Ratings across all finished games (OpenSkill, Plackett–Luce, from each game's placement), best
  first by the conservative rating μ − 3σ; the interval is μ ± 2σ (about 95%). --by picks the
  pool (default: character); --limit shows the first n rows (1-10000); --json prints one object.
  Aborted games are not rated; a game whose seats all play one model does not move the models.`;

const COMMON_FLAGS = READ_FLAGS;
const CommonFlags = ReadFlags;

const LEADERBOARD_FLAGS = {
  ...COMMON_FLAGS,
  by: { type: 'string' },
  limit: { type: 'string' },
} as const;

const LeaderboardFlags = CommonFlags.extend({
  by: z
    .enum(RATING_POOLS, { message: `must be one of ${RATING_POOLS.join(', ')}` })
    .default('character'),
  limit: intFlag(1, 10_000).optional(),
});

const SUBCOMMANDS = ['rebuild'] as const;

/** `arena ratings rebuild`: recompute every rating from the event log. */
export async function ratings(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, COMMON_FLAGS, true);
  const flags = validateFlags(CommonFlags, values);
  if (flags.help) {
    out.line(RATINGS_HELP);
    return EXIT.ok;
  }
  const [subcommand, ...extra] = positionals;
  if (subcommand !== 'rebuild' || extra.length > 0) {
    throw usageError(
      `ratings takes one subcommand, one of: ${SUBCOMMANDS.join(', ')} (got ${positionals.length > 0 ? positionals.join(' ') : 'none'})`,
    );
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    const started = performance.now();
    const spinner = startSpinner(
      flags.json ? SILENT_PROGRESS : out.progress,
      'Rebuilding ratings from the event log',
    );
    let result: Awaited<ReturnType<typeof rebuildStoredRatings>>;
    try {
      result = await rebuildStoredRatings(services.store);
    } catch (error) {
      spinner.fail();
      throw error;
    }
    spinner.stop();
    const seconds = (performance.now() - started) / 1000;
    if (flags.json) {
      out.json({ ...result, seconds });
      return EXIT.ok;
    }
    out.line(
      `Rebuilt ratings from ${result.gamesRead} finished ${plural(result.gamesRead, 'game')} ` +
        `(${result.gamesRated} rated): ${result.keys.character} ${plural(result.keys.character, 'character')}, ` +
        `${result.keys.model} ${plural(result.keys.model, 'model')} in ${seconds.toFixed(2)} s.`,
    );
    return EXIT.ok;
  });
}

/** One leaderboard row as printed and as `--json` gives it. */
export interface LeaderboardEntry {
  rank: number;
  key: string;
  /** The character's display name where known; null for models and unknown characters. */
  name: string | null;
  /** Conservative rating, μ − 3σ. */
  rating: number;
  interval: { low: number; high: number };
  mu: number;
  sigma: number;
  games: number;
  wins: number;
  lastGameId: string;
  updatedAt: string;
}

/** `arena leaderboard`: the ratings of one pool, best conservative rating first. */
export async function leaderboard(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, LEADERBOARD_FLAGS, true);
  const flags = validateFlags(LeaderboardFlags, values);
  if (flags.help) {
    out.line(LEADERBOARD_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw usageError(
      `leaderboard takes no arguments (got ${positionals.join(' ')}); choose the pool with --by ${RATING_POOLS.join('|')}`,
    );
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    const rows = await services.store.listRatings({ pool: flags.by, limit: flags.limit });
    const entries = await entriesOf(services, flags.by, rows);
    if (flags.json) out.json({ pool: flags.by, entries });
    else for (const line of renderLeaderboard(flags.by, entries, out)) out.line(line);
    return EXIT.ok;
  });
}

async function entriesOf(
  services: ArenaServices,
  pool: RatingPool,
  rows: readonly RatingRow[],
): Promise<LeaderboardEntry[]> {
  const entries: LeaderboardEntry[] = [];
  for (const [i, row] of rows.entries()) {
    entries.push({
      rank: i + 1,
      key: row.key,
      name: pool === 'character' ? await characterName(services, row) : null,
      rating: conservativeRating(row),
      interval: ratingInterval(row),
      mu: row.mu,
      sigma: row.sigma,
      games: row.games,
      wins: row.wins,
      lastGameId: row.lastGameId,
      updatedAt: row.updatedAt,
    });
  }
  return entries;
}

/** A character's name: from the shipped catalog, else as seated in its last rated game. */
async function characterName(services: ArenaServices, row: RatingRow): Promise<string | null> {
  const shipped = services.catalog.characters.get(row.key);
  if (shipped) return shipped.name;
  const seats = await services.store.placements(row.lastGameId);
  return seats.find((s) => s.characterId === row.key)?.name ?? null;
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

/** The table `arena leaderboard` prints. */
export function renderLeaderboard(
  pool: RatingPool,
  entries: readonly LeaderboardEntry[],
  out: Output,
): string[] {
  if (entries.length === 0) {
    return [
      `No ${pool} ratings yet: ratings appear as games end (arena play), or from stored games with arena ratings rebuild.`,
    ];
  }
  const label = (e: LeaderboardEntry) =>
    e.name && e.name !== e.key ? `${e.key} (${e.name})` : e.key;
  const width = Math.max(pool.length, ...entries.map((e) => label(e).length));
  const num = (n: number, digits = 2) => n.toFixed(digits).padStart(7);
  return [
    out.paint(
      'bold',
      `Leaderboard by ${pool}: conservative rating μ − 3σ, interval μ ± 2σ (OpenSkill Plackett–Luce)`,
    ),
    '',
    out.paint(
      'dim',
      `  ${'#'.padStart(3)}  ${pool.padEnd(width)}  ${'rating'.padStart(7)}  ${'interval'.padEnd(17)}  ${'μ'.padStart(7)}  ${'σ'.padStart(7)}  ${'games'.padStart(5)}  ${'wins'.padStart(5)}`,
    ),
    ...entries.map(
      (e) =>
        `  ${String(e.rank).padStart(3)}  ${label(e).padEnd(width)}  ${num(e.rating)}  ${`[${e.interval.low.toFixed(2)}, ${e.interval.high.toFixed(2)}]`.padEnd(17)}  ${num(e.mu)}  ${num(e.sigma)}  ${String(e.games).padStart(5)}  ${String(e.wins).padStart(5)}`,
    ),
  ];
}
