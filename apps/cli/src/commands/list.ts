import { z } from 'zod';
import type { GameSummary } from '@arena/persistence';
import { intFlag, parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { callRunner, type RunnerTarget } from '../runner-client';
import { RUNNER_FLAGS, RunnerFlags, runnerTargetOf } from '../runner-flags';

export const LIST_HELP = `arena list [--status running|ended] [--scenario <id>] [--character <id>] [--limit <n>] [--offset <n>] [--json] [--runner <url>] [--data-dir <dir>]
  List games, newest first: id, status, scenario, seats, turns, how it ended and the winner.
  Through the runner (GET /games) when --runner or ARENA_RUNNER_URL names one, else from the
  store. --character lists the games a character played in. --limit 1-100 (default 20), --offset skips that many (paging); --json prints
  {games, total, limit, offset}.`;

const FLAGS = {
  ...RUNNER_FLAGS,
  status: { type: 'string' },
  scenario: { type: 'string' },
  character: { type: 'string' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STATUSES = ['running', 'ended'] as const;

const ListFlags = RunnerFlags.extend({
  status: z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }).optional(),
  scenario: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a scenario id such as city-water')
    .optional(),
  character: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a character id such as amara-teodoro')
    .optional(),
  limit: intFlag(1, 100).default(20),
  offset: intFlag(0, 1_000_000).default(0),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});
type ListFlagValues = z.output<typeof ListFlags>;

/** One page of games, as both sources give it. */
export interface GamePage {
  games: GameSummary[];
  /** Games matching the filters, or null when the runner does not say. */
  total: number | null;
  limit: number;
  offset: number;
}

const Summary = z
  .object({
    gameId: z.string(),
    scenarioId: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    endReason: z.string().nullable(),
    winnerId: z.string().nullable(),
    players: z.number(),
    turns: z.number(),
    lastSeq: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .loose();

const Page = z.object({
  games: z.array(Summary),
  total: z.number().int().optional(),
});

async function fromRunner(target: RunnerTarget, flags: ListFlagValues): Promise<GamePage> {
  const query = new URLSearchParams({ limit: String(flags.limit), offset: String(flags.offset) });
  if (flags.status) query.set('status', flags.status);
  if (flags.scenario) query.set('scenario', flags.scenario);
  if (flags.character) query.set('character', flags.character);
  const page = await callRunner(target, {
    method: 'GET',
    path: `/games?${query}`,
    schema: Page,
    what: 'list games',
  });
  return {
    games: page.games as GameSummary[],
    total: page.total ?? null,
    limit: flags.limit,
    offset: flags.offset,
  };
}

async function fromStore(
  env: Record<string, string | undefined>,
  flags: ListFlagValues,
): Promise<GamePage> {
  return withServices(settingsFrom(env, { dataDir: flags['data-dir'] }), async ({ store }) => {
    const filter = { status: flags.status, scenario: flags.scenario, character: flags.character };
    const [games, total] = await Promise.all([
      store.listGames({ ...filter, limit: flags.limit, offset: flags.offset }),
      store.countGames(filter),
    ]);
    return { games, total, limit: flags.limit, offset: flags.offset };
  });
}

/** The table `arena list` prints. */
export function renderGameList(page: GamePage, out: Output): string[] {
  if (page.games.length === 0) {
    return [
      page.offset > 0
        ? `No games after the first ${page.offset}.`
        : 'No games yet: start one with arena start (on a runner) or arena play.',
    ];
  }
  const width = Math.max(2, ...page.games.map((g) => g.gameId.length));
  const scenarioWidth = Math.max(8, ...page.games.map((g) => g.scenarioId.length));
  const rows = page.games.map((g) => {
    const outcome =
      g.status === 'ended'
        ? `${(g.endReason ?? 'ended').replace(/_/g, ' ')}${g.winnerId ? `, winner ${g.winnerId}` : ''}`
        : out.paint('green', 'in play');
    return `  ${g.gameId.padEnd(width)}  ${g.status.padEnd(7)}  ${g.scenarioId.padEnd(scenarioWidth)}  ${String(g.players).padStart(5)}  ${String(g.turns).padStart(5)}  ${g.createdAt.slice(0, 19).replace('T', ' ')}  ${outcome}`;
  });
  const shown = `${page.offset + 1}-${page.offset + page.games.length}`;
  return [
    out.paint(
      'dim',
      `  ${'id'.padEnd(width)}  ${'status'.padEnd(7)}  ${'scenario'.padEnd(scenarioWidth)}  seats  turns  ${'created'.padEnd(19)}  outcome`,
    ),
    ...rows,
    out.paint('dim', `  games ${shown}${page.total !== null ? ` of ${page.total}` : ''}`),
  ];
}

/** `arena list`: games, from the runner or the store. */
export async function list(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(ListFlags, values);
  if (flags.help) {
    out.line(LIST_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw usageError(
      `list takes no arguments (got ${positionals.join(' ')}); filter with --status or --scenario`,
    );
  }
  const target = runnerTargetOf(flags, settingsFrom(env));
  if (target && flags['data-dir']) {
    throw usageError('--data-dir is not used with a runner (--runner or ARENA_RUNNER_URL)');
  }
  const page = target ? await fromRunner(target, flags) : await fromStore(env, flags);
  if (flags.json) out.json(page);
  else for (const line of renderGameList(page, out)) out.line(line);
  return EXIT.ok;
}
