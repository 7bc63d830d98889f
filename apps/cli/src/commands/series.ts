import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { parseYamlDocument, safeValidate, validate, type Issue } from '@arena/models';
import {
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  NAME_MODES,
  SERIES_FORMATS,
  SeriesConfigSchema,
  loadSeries,
  playSeries,
  readContentFile,
  resumeSeries,
  storedConfig,
  type ArenaServices,
  type SeriesConfig,
  type SeriesOutcome,
  type SeriesRunOptions,
} from '@arena/orchestration';
import { intFlag, parseCommandLine, READ_FLAGS, usageError } from '../args';
import { settingsFrom, withServices } from '../context';
import { EXIT, type Output } from '../output';
import { startProgressBar, type ProgressBar } from '../progress';
import {
  definitionText,
  renderProgress,
  renderSeries,
  renderSeriesList,
  renderStandings,
  type SeriesGameView,
} from '../series-view';

export const SERIES_HELP = `arena series run [<file.yaml|json>] [flags]
arena series resume <series-id> [--json] [--data-dir <dir>]
arena series show <series-id> [--json] [--data-dir <dir>]
arena series list [--json] [--data-dir <dir>]
  Series and tournaments: schedule and play a set of games between entrants, rotating seats
  (which is also the speaking order) and, with --names rotate, the names shown, then report
  the standings (series points = seats − place per game, then wins, then mean place). Every
  game is stored (id <series-id>-r<round>-g<index>) and rated on the leaderboard.

  run      play a series from a definition file (YAML or JSON) and/or flags (flags win)
  resume   continue a series whose process stopped or crashed; the outcome is the one an
           uninterrupted run reaches
  show     the definition, every game with its finishing order, and the standings
  list     every series, newest first

  --format <format>        ${SERIES_FORMATS.join(' | ')}
                           king-of-the-hill: the champion against fresh challengers each game,
                           the winner holding the title; round-robin: every grouping within each
                           pool; swiss: entrants grouped by series points each round;
                           single-elimination: a bracket where the top finishers move on
  --scenario <id|file>     scenario of every game (default: ${DEFAULT_SCENARIO_ID})
  --entrants <ids>         comma-separated character ids or profile files (default: 6 shipped
                           characters); a file can give each entrant a model
  --seats <n>              seats in each game, 2-8 (default: 4)
  --games <n>              king-of-the-hill: games to play (default: one per entrant)
  --champion <id>          king-of-the-hill: the first champion (default: the first entrant)
  --rounds <n>             round-robin: times every grouping plays (default 1);
                           swiss: rounds (default ⌈log2(entrants)⌉)
  --pool-size <n>          round-robin: largest pool (default: everyone in one pool)
  --advance <n>            single-elimination: finishers of each game who move on, at most half
                           the seats (default 1)
  --seed <n>               seed of the schedule and every game (default: random, printed)
  --concurrency <n>        games played at a time within a round, 1-16 (default 1)
  --max-turns <n>          turn limit of each game, 1-10000 (default 40)
  --names own|rotate       rotate neutral display names across games (default: own)
  --id <id>                series id (default: derived from the definition)
  --json                   print progress and the outcome as JSON Lines
  --data-dir <dir>         where the embedded store lives (default: ARENA_DATA_DIR or .arena)

  A definition file also takes the game config fields mode, policy, judge, narrator,
  summariser, bidder, budgets, context and rules, applied to every game. Ctrl-C stops the
  series at the next turn boundary of its games; arena series resume goes on from there.`;

const SUBCOMMANDS = ['run', 'resume', 'show', 'list'] as const;

const COMMON_FLAGS = READ_FLAGS;

/** Flags of `series run` and the definition field each one sets. */
const DEFINITION_FLAGS = {
  format: 'format',
  scenario: 'scenario',
  entrants: 'entrants',
  seats: 'seatsPerGame',
  games: 'games',
  champion: 'champion',
  rounds: 'rounds',
  'pool-size': 'poolSize',
  advance: 'advance',
  seed: 'seed',
  concurrency: 'concurrency',
  'max-turns': 'maxTurns',
  names: 'names',
  id: 'id',
} as const;
type DefinitionFlag = keyof typeof DEFINITION_FLAGS;

/** Flags that only some formats take. */
const FORMAT_FLAGS: Partial<Record<DefinitionFlag, readonly string[]>> = {
  games: ['king-of-the-hill'],
  champion: ['king-of-the-hill'],
  rounds: ['round-robin', 'swiss'],
  'pool-size': ['round-robin'],
  advance: ['single-elimination'],
};

const FLAGS = {
  ...COMMON_FLAGS,
  ...(Object.fromEntries(
    Object.keys(DEFINITION_FLAGS).map((flag) => [flag, { type: 'string' }]),
  ) as Record<DefinitionFlag, { type: 'string' }>),
};

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

const Flags = z.object({
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
  format: z
    .enum(SERIES_FORMATS, { message: `must be one of ${SERIES_FORMATS.join(', ')}` })
    .optional(),
  scenario: z.string().min(1).optional(),
  entrants: commaList
    .pipe(z.array(z.string()).min(2, 'name at least 2 entrants, comma-separated'))
    .optional(),
  seats: intFlag(2, 8).optional(),
  games: intFlag(1, 1000).optional(),
  champion: z.string().min(1).optional(),
  rounds: intFlag(1, 50).optional(),
  'pool-size': intFlag(2, 64).optional(),
  advance: intFlag(1, 4).optional(),
  seed: intFlag(0, 2 ** 32 - 1).optional(),
  concurrency: intFlag(1, 16).optional(),
  'max-turns': intFlag(1, 10_000).optional(),
  names: z.enum(NAME_MODES, { message: `must be one of ${NAME_MODES.join(', ')}` }).optional(),
  id: z.string().min(1).optional(),
});
type SeriesFlags = z.output<typeof Flags>;

/** A definition file's fields; malformed files and non-mappings name the file. */
function readDefinitionFile(path: string): Record<string, unknown> {
  return validate(
    z.record(z.string(), z.unknown(), { message: 'must be a mapping of series fields' }),
    readContentFile(path, (text, source) => parseYamlDocument(text, source)),
    'series definition',
    path,
  );
}

/** Definition fields set by flags. */
function fieldsFromFlags(flags: SeriesFlags): Record<string, unknown> {
  return Object.fromEntries(
    (Object.keys(DEFINITION_FLAGS) as DefinitionFlag[])
      .filter((flag) => flags[flag] !== undefined)
      .map((flag) => [DEFINITION_FLAGS[flag], flags[flag]]),
  );
}

/** A flag given for a format that does not take it is a usage error naming both. */
function checkFormatFlags(flags: SeriesFlags, format: unknown): void {
  for (const [flag, formats] of Object.entries(FORMAT_FLAGS)) {
    if (flags[flag as DefinitionFlag] === undefined || formats.includes(String(format))) continue;
    throw usageError(
      `--${flag} is only for --format ${formats.join(' or ')} (this series is ${String(format)})`,
    );
  }
}

/** The definition from the file and the flags, validated; errors name the flag or the file field. */
function definitionFrom(flags: SeriesFlags, file: string | undefined): SeriesConfig {
  const fromFile = file ? readDefinitionFile(file) : {};
  const merged: Record<string, unknown> = {
    scenario: DEFAULT_SCENARIO_ID,
    entrants: [...DEFAULT_PLAYER_IDS],
    ...fromFile,
    ...fieldsFromFlags(flags),
  };
  merged['seed'] ??= randomInt(2 ** 31);
  if (merged['format'] === undefined) {
    throw usageError(
      `--format is required (or format in the file): one of ${SERIES_FORMATS.join(', ')}`,
    );
  }
  if (SERIES_FORMATS.some((f) => f === merged['format'])) checkFormatFlags(flags, merged['format']);
  const result = safeValidate(SeriesConfigSchema, merged, 'series definition', file);
  if (result.ok) return result.value;
  const flagOf = new Map(Object.entries(DEFINITION_FLAGS).map(([flag, field]) => [field, flag]));
  const issues = (result.error.details['issues'] ?? []) as Issue[];
  const lines = issues.map((i) => {
    const field = i.path.split('.')[0] ?? '';
    const flag = flagOf.get(field as (typeof DEFINITION_FLAGS)[DefinitionFlag]);
    const where =
      flag && flags[flag as DefinitionFlag] !== undefined ? `--${flag}` : i.path || '(root)';
    return `  - ${where}: ${i.message}`;
  });
  const source = file ? ` in ${file}` : '';
  throw usageError(`Invalid series definition${source}:\n${lines.join('\n')}`, { issues });
}

/** Progress as lines or JSON, and Ctrl-C as a stop that leaves the series resumable. */
async function runWithProgress(
  out: Output,
  json: boolean,
  run: (options: SeriesRunOptions) => Promise<SeriesOutcome>,
): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  // A bar per round under the progress lines: games of the round ended so far.
  let bar = null as ProgressBar | null;
  let ended = 0;
  try {
    const outcome = await run({
      signal: stop.signal,
      onProgress: (progress) => {
        if (json) {
          out.json(progress);
          return;
        }
        const print = () => {
          for (const line of renderProgress(progress, out)) out.line(line);
        };
        if (progress.type === 'round_planned') {
          bar?.stop();
          print();
          ended = 0;
          bar = startProgressBar(out.progress, {
            total: progress.round.games.length,
            label: `games of round ${progress.round.round} ended`,
          });
          return;
        }
        if (bar) bar.log(print);
        else print();
        if (progress.type === 'game_ended') bar?.update((ended += 1));
        if (progress.type === 'series_ended') bar?.stop();
      },
    });
    bar?.stop();
    if (json) out.json({ type: 'outcome', ...outcome });
    else {
      for (const line of renderStandings(outcome.seriesId, outcome.standings, out)) out.line(line);
      if (outcome.status === 'running') {
        out.line(
          out.paint(
            'yellow',
            `Series ${outcome.seriesId} stopped; go on with: arena series resume ${outcome.seriesId}`,
          ),
        );
      }
    }
    return EXIT.ok;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSignal);
  }
}

async function seriesGames(services: ArenaServices, seriesId: string): Promise<SeriesGameView[]> {
  const rows = await services.store.seriesGames(seriesId);
  return Promise.all(
    rows.map(async (row) => {
      const placements = row.status === 'ended' ? await services.store.placements(row.gameId) : [];
      const finish = [...placements].sort((a, b) => a.place - b.place).map((p) => p.characterId);
      return { ...row, finish };
    }),
  );
}

/** The one argument a subcommand takes. */
function onlyArgument(subcommand: string, args: readonly string[], what: string): string {
  const [value, ...extra] = args;
  if (!value || extra.length > 0) {
    throw usageError(`series ${subcommand} takes exactly one argument: ${what}`);
  }
  return value;
}

/** `arena series run|resume|show|list`. */
export async function series(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const parsed = parseCommandLine(argv, FLAGS, Flags, SERIES_HELP, (text) => out.line(text));
  if (!parsed) return EXIT.ok;
  const { flags, positionals } = parsed;
  const [subcommand, ...args] = positionals;
  if (!SUBCOMMANDS.includes(subcommand as (typeof SUBCOMMANDS)[number])) {
    throw usageError(
      `series takes a subcommand, one of: ${SUBCOMMANDS.join(', ')} (got ${subcommand ?? 'none'})`,
    );
  }
  const given = (Object.keys(DEFINITION_FLAGS) as DefinitionFlag[]).filter(
    (f) => flags[f] !== undefined,
  );
  if (subcommand !== 'run' && given.length > 0) {
    throw usageError(`--${given[0]} is only for series run`);
  }
  const json = flags.json ?? false;
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  switch (subcommand) {
    case 'run': {
      if (args.length > 1)
        throw usageError('series run takes at most one argument: a definition file');
      const config = definitionFrom(flags, args[0]);
      return withServices(settings, (services) => {
        if (!json) {
          out.line(out.paint('bold', `Series ${config.id}: ${definitionText(config)}`));
          out.line(out.paint('dim', `If it stops, go on with: arena series resume ${config.id}`));
        }
        return runWithProgress(out, json, (options) => playSeries(services, config, options));
      });
    }
    case 'resume': {
      const seriesId = onlyArgument('resume', args, 'the series id (arena series list shows them)');
      return withServices(settings, async (services) => {
        const config = storedConfig(await loadSeries(services, seriesId));
        if (!json)
          out.line(out.paint('bold', `Resuming series ${seriesId}: ${definitionText(config)}`));
        return runWithProgress(out, json, (options) => resumeSeries(services, seriesId, options));
      });
    }
    case 'show': {
      const seriesId = onlyArgument('show', args, 'the series id (arena series list shows them)');
      return withServices(settings, async (services) => {
        const record = await loadSeries(services, seriesId);
        const games = await seriesGames(services, seriesId);
        if (json) out.json({ ...record, games });
        else
          for (const line of renderSeries(record, storedConfig(record), games, out)) out.line(line);
        return EXIT.ok;
      });
    }
    default: {
      if (args.length > 0)
        throw usageError(`series list takes no arguments (got ${args.join(' ')})`);
      return withServices(settings, async (services) => {
        const records = await services.store.listSeries();
        if (json) out.json({ series: records });
        else for (const line of renderSeriesList(records, out)) out.line(line);
        return EXIT.ok;
      });
    }
  }
}
