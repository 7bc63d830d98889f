import { describe, expect, it } from 'vitest';
import { steppingClock } from '@arena/models';
import {
  openArenaServices,
  parseSettings,
  playSeries,
  type SeriesOutcome,
} from '@arena/orchestration';
import { runArena, tempDir, tempFile } from '../cli-run.fixture';

const ENTRANTS = [
  'amara-teodoro',
  'idris-halloran',
  'kestrel-obi',
  'nadia-quell',
  'rook-delaney',
  'silas-marrow',
];

interface ShownSeries {
  seriesId: string;
  status: string;
  format: string;
  standings: SeriesOutcome['standings'];
  games: { gameId: string; round: number; index: number; status: string; finish: string[] }[];
}

interface Leaderboard {
  entries: { key: string; games: number }[];
}

async function shown(dir: string, seriesId: string): Promise<ShownSeries> {
  const run = await runArena(['series', 'show', seriesId, '--json', '--data-dir', dir]);
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as ShownSeries;
}

async function leaderboard(dir: string): Promise<Leaderboard> {
  const run = await runArena(['leaderboard', '--json', '--data-dir', dir]);
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as Leaderboard;
}

/** One store for the runs and input errors below: opening a store is the slow part of a run. */
const dataDir = tempDir('arena-series-');

describe('arena series run', () => {
  const played: { id: string; games: number; seats: number }[] = [];

  it.each([
    ['king-of-the-hill', ['--games', '3', '--seats', '3'], 4, 3, 9],
    ['round-robin', ['--seats', '3'], 4, 4, 12],
    ['swiss', ['--seats', '3', '--rounds', '2'], 6, 4, 12],
    // Two games of 3, then a final between their 2 winners.
    ['single-elimination', ['--seats', '3'], 6, 3, 8],
  ])('plays a %s series to the end', async (format, extra, entrants, games, seats) => {
    const id = `t-${format}`;
    const run = await runArena([
      'series',
      'run',
      '--format',
      format,
      '--entrants',
      ENTRANTS.slice(0, entrants).join(','),
      ...extra,
      '--max-turns',
      '6',
      '--seed',
      '3',
      '--id',
      id,
      '--data-dir',
      dataDir,
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(
      new RegExp(`^Series ${id}: ${format} on city-water: ${entrants} entrants, 3 seats a game`),
    );
    expect(run.lines.filter((l) => /^ {2}started {2}\S+ {2}seats: 1 /.test(l))).toHaveLength(games);
    expect(run.lines.filter((l) => /^ {2}ended {4}\S+ \(\w+\): 1\. /.test(l))).toHaveLength(games);
    expect(run.out).toMatch(new RegExp(`Standings of ${id}: winner [a-z-]+`));
    played.push({ id, games, seats });
  });

  it('stores every series with its games, and the leaderboard rates them', async () => {
    const listed = await runArena(['series', 'list', '--json', '--data-dir', dataDir]);
    const records = (JSON.parse(listed.out) as { series: ShownSeries[] }).series;
    expect(records.map((r) => [r.seriesId, r.status, r.standings.gamesPlayed]).sort()).toEqual(
      played.map((p) => [p.id, 'ended', p.games]).sort(),
    );

    const series = await shown(dataDir, 't-swiss');
    expect(series).toMatchObject({ seriesId: 't-swiss', status: 'ended', format: 'swiss' });
    expect(series.games.map((g) => [g.gameId, g.status, g.finish.length])).toEqual([
      ['t-swiss-r1-g0', 'ended', 3],
      ['t-swiss-r1-g1', 'ended', 3],
      ['t-swiss-r2-g2', 'ended', 3],
      ['t-swiss-r2-g3', 'ended', 3],
    ]);

    const rated = (await leaderboard(dataDir)).entries;
    expect(rated.map((e) => e.key).sort()).toEqual([...ENTRANTS].sort());
    expect(rated.reduce((n, e) => n + e.games, 0)).toBe(played.reduce((n, p) => n + p.seats, 0));
  });

  it('reads a definition file and lets flags override it', async () => {
    const file = tempFile(
      'cup.yaml',
      [
        'id: file-cup',
        'format: round-robin',
        'scenario: city-water',
        'entrants:',
        '  - amara-teodoro',
        '  - { character: idris-halloran, model: sim }',
        '  - kestrel-obi',
        'seatsPerGame: 3',
        'rounds: 3',
        'maxTurns: 30',
        'names: rotate',
        'seed: 8',
      ].join('\n'),
    );
    const run = await runArena(['series', 'run', file, '--max-turns', '6', '--data-dir', dataDir]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toBe(
      'Series file-cup: round-robin on city-water: 3 entrants, 3 seats a game, pools of up to 3, 3 rounds; seed 8, max 6 turns, names rotate, 1 at a time',
    );
    const seatings = run.lines.filter((l) => l.startsWith('  started'));
    expect(seatings).toHaveLength(3);
    for (const entrant of ['amara-teodoro', 'idris-halloran', 'kestrel-obi']) {
      const seat = seatings.map((l) => new RegExp(`(\\d) ${entrant} \\(as (\\w+)\\)`).exec(l));
      expect(new Set(seat.map((m) => m?.[1]))).toEqual(new Set(['1', '2', '3']));
      expect(new Set(seat.map((m) => m?.[2])).size).toBe(3);
    }
  });
});

describe('arena series resume', () => {
  it('finishes a stopped series with the standings of an uninterrupted run', async () => {
    const resumeDir = tempDir('arena-series-');
    const definition = (id: string) =>
      ({
        id,
        format: 'swiss',
        scenario: 'city-water',
        entrants: ENTRANTS,
        seatsPerGame: 3,
        rounds: 2,
        maxTurns: 6,
        seed: 11,
      }) as const;
    const services = await openArenaServices(parseSettings({ ARENA_DATA_DIR: resumeDir }), {
      clock: steppingClock(),
    });
    let uninterrupted: SeriesOutcome;
    try {
      uninterrupted = await playSeries(services, definition('whole'));
      const stop = new AbortController();
      let ended = 0;
      const stopped = await playSeries(services, definition('cup'), {
        signal: stop.signal,
        onProgress: (p) => {
          if (p.type === 'game_ended' && ++ended === 2) stop.abort();
        },
      });
      expect(stopped).toMatchObject({ status: 'running', standings: { gamesPlayed: 2 } });
    } finally {
      await services.close();
    }

    const resumed = await runArena(['series', 'resume', 'cup', '--json', '--data-dir', resumeDir]);
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    const lines = resumed.lines.map((l) => JSON.parse(l) as { type: string; recorded?: boolean });
    expect(lines.filter((l) => l.type === 'game_ended').map((l) => l.recorded)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(lines.filter((l) => l.type === 'game_started')).toHaveLength(2);
    expect(lines.at(-1)).toEqual({
      type: 'outcome',
      seriesId: 'cup',
      status: 'ended',
      standings: uninterrupted.standings,
    });
  });
});

describe('arena series input errors', () => {
  it.each([
    [['series'], /series takes a subcommand, one of: run, resume, show, list \(got none\)/],
    [['series', 'play'], /one of: run, resume, show, list \(got play\)/],
    [
      ['series', 'run'],
      /--format is required \(or format in the file\): one of king-of-the-hill, round-robin, swiss, single-elimination/,
    ],
    [
      ['series', 'run', '--format', 'ladder'],
      /--format: must be one of king-of-the-hill, round-robin, swiss, single-elimination/,
    ],
    [['series', 'run', '--format', 'swiss', '--seats', '9'], /--seats: must be at most 8/],
    [
      ['series', 'run', '--format', 'swiss', '--pool-size', '4'],
      /--pool-size is only for --format round-robin \(this series is swiss\)/,
    ],
    [
      ['series', 'run', '--format', 'king-of-the-hill', '--rounds', '2'],
      /--rounds is only for --format round-robin or swiss/,
    ],
    [
      ['series', 'run', '--format', 'swiss', '--entrants', 'amara-teodoro'],
      /--entrants: name at least 2 entrants/,
    ],
    [
      ['series', 'run', '--format', 'swiss', '--names', 'hidden'],
      /--names: must be one of own, rotate/,
    ],
    [
      ['series', 'run', '--format', 'swiss', '--seats', '8'],
      /--seats|entrants: 6 entrants cannot fill a game of 8 seats/,
    ],
    [
      ['series', 'run', '--format', 'single-elimination', '--advance', '3'],
      /--advance: must be at most half the seats \(2 with seatsPerGame 4\)/,
    ],
    [
      ['series', 'run', '--format', 'king-of-the-hill', '--champion', 'nobody'],
      /--champion: must be one of the entrants/,
    ],
    [['series', 'run', '--format', 'swiss', '--id', 'bad id!'], /--id: must be 1-64 letters/],
    [
      ['series', 'run', '--format', 'swiss', '--bogus'],
      /Unknown option '--bogus'.*Allowed flags: /s,
    ],
    [['series', 'show'], /series show takes exactly one argument: the series id/],
    [['series', 'list', 'extra'], /series list takes no arguments/],
    [['series', 'show', 'cup', '--format', 'swiss'], /--format is only for series run/],
    [
      ['series', 'run', 'a.yaml', 'b.yaml', '--format', 'swiss'],
      /series run takes at most one argument/,
    ],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    const run = await runArena([...argv, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });

  it('names the file and field of a bad definition file, and malformed YAML by line', async () => {
    const bad = tempFile('bad.yaml', 'format: swiss\nentrants: [amara-teodoro, 7]\nrounds: 0\n');
    const run = await runArena(['series', 'run', bad, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`Invalid series definition in ${bad}:`);
    expect(run.err).toMatch(/- entrants\.1: /);
    expect(run.err).toMatch(/- rounds: must be at least 1/);

    const malformed = tempFile('broken.yaml', 'format: swiss\nentrants: [a, b\n');
    const broken = await runArena(['series', 'run', malformed, '--data-dir', dataDir]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`Malformed YAML at ${malformed}:`);

    const list = tempFile('list.json', '["swiss"]');
    const notMapping = await runArena(['series', 'run', list, '--data-dir', dataDir]);
    expect(notMapping.code).toBe(2);
    expect(notMapping.err).toContain('must be a mapping of series fields');

    const missing = await runArena([
      'series',
      'run',
      '/nonexistent/cup.yaml',
      '--data-dir',
      dataDir,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Cannot read file /nonexistent/cup.yaml');
  });

  it('rejects unknown entrants and series ids', async () => {
    const unknown = await runArena([
      'series',
      'run',
      '--format',
      'swiss',
      '--entrants',
      'amara-teodoro,nobody',
      '--seats',
      '2',
      '--data-dir',
      dataDir,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/entrants\.1: unknown character "nobody"; allowed: /);
    for (const sub of ['show', 'resume']) {
      const run = await runArena(['series', sub, 'nope', '--data-dir', dataDir]);
      expect(run.code).toBe(2);
      expect(run.err).toContain('No series with id nope');
    }
  });
});
