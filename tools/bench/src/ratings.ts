/**
 * Rating rebuild benchmark: writes synthetic finished games (4–8 seats over ~50 characters and 6
 * model specs, seeded) into a store that rates each game as it ends, then times `arena ratings
 * rebuild` end to end (page the log, compute, replace the ratings) and its parts apart, on the
 * store that command opens (PGlite in its worker thread; Postgres with --database-url, in a fresh
 * schema dropped afterwards). Target: a rebuild over 10,000 finished games in at most 5 s.
 *
 *   npm run bench:ratings -- [--games 10000] [--characters 50] [--runs 3] [--seed 2026]
 *     [--database-url postgres://…] [--out bench-results/ratings.json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { rebuildStoredRatings } from '@arena/orchestration';
import {
  openPgliteEventStore,
  openPgliteWorkerEventStore,
  openPostgresEventStore,
  type EventStore,
  type FinishedGame,
  type RatingRow,
} from '@arena/persistence';
import { dropTestSchema, uniqueDatabaseName } from '@arena/persistence/testing';
import { createRatingUpdater, rebuildRatings } from '@arena/scoring';
import { BENCH_MODELS, syntheticGames } from './ratings/synthetic-games';

const TARGET_SECONDS = 5;
/** Finished games per page, as `arena ratings rebuild` reads them. */
const PAGE_SIZE = 2000;

const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '10000' },
    characters: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '2026' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: 'bench-results/ratings.json' },
  },
});
const games = Number(values.games);
const characters = Number(values.characters);
const runs = Number(values.runs);
const seed = Number(values.seed);
for (const [flag, value, min] of [
  ['--games', games, 1],
  ['--characters', characters, 8],
  ['--runs', runs, 1],
  ['--seed', seed, 0],
] as const) {
  if (!Number.isInteger(value) || value < min) {
    console.error(`${flag} must be a whole number of at least ${min} (got ${String(value)})`);
    process.exit(2);
  }
}
const databaseUrl = values['database-url'];
if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error(`--database-url must be a postgres:// URL (got ${databaseUrl})`);
  process.exit(2);
}

/**
 * A store to measure: games are written through `openWriter` (which rates each game as it ends)
 * and the rebuild runs on `openReader`, the store `arena ratings rebuild` opens.
 */
interface StoreTarget {
  name: string;
  openWriter(): Promise<EventStore>;
  openReader(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): StoreTarget {
  const dir = mkdtempSync(join(tmpdir(), 'arena-bench-ratings-'));
  return {
    name: 'pglite (worker)',
    openWriter: () => openPgliteEventStore({ dataDir: dir, ratings: createRatingUpdater() }),
    openReader: () => openPgliteWorkerEventStore({ dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(url: string): StoreTarget {
  const schema = uniqueDatabaseName('bench_ratings');
  return {
    name: 'postgres',
    openWriter: () => openPostgresEventStore({ url, schema, ratings: createRatingUpdater() }),
    openReader: () => openPostgresEventStore({ url, schema }),
    cleanup: () => dropTestSchema(schema, url),
  };
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function allRatings(store: EventStore): Promise<RatingRow[]> {
  return [
    ...(await store.listRatings({ pool: 'character' })),
    ...(await store.listRatings({ pool: 'model' })),
  ];
}

/** The largest difference in μ or σ between two sets of rows (Infinity when keys differ). */
function maxDifference(a: readonly RatingRow[], b: readonly RatingRow[]): number {
  const byKey = new Map(b.map((r) => [`${r.pool}:${r.key}`, r]));
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (const r of a) {
    const other = byKey.get(`${r.pool}:${r.key}`);
    if (!other || other.games !== r.games || other.wins !== r.wins) return Number.POSITIVE_INFINITY;
    max = Math.max(max, Math.abs(other.mu - r.mu), Math.abs(other.sigma - r.sigma));
  }
  return max;
}

async function readLog(store: EventStore): Promise<FinishedGame[]> {
  const all: FinishedGame[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await store.finishedGames({ limit: PAGE_SIZE, offset });
    all.push(...page);
    if (page.length < PAGE_SIZE) return all;
  }
}

interface StoreResult {
  store: string;
  games: number;
  writeSeconds: number;
  gamesPerSecond: number;
  rebuildSeconds: { median: number; runs: number[] };
  pageSeconds: number;
  computeSeconds: { median: number; runs: number[] };
  replaceSeconds: number;
  gamesRated: number;
  keys: { character: number; model: number };
  /** Largest |Δμ| or |Δσ| between the ratings kept game by game and the rebuilt ones. */
  maxDifference: number;
  met: boolean;
}

async function writeGames(target: StoreTarget): Promise<number> {
  const store = await target.openWriter();
  try {
    const write = await timed(async () => {
      const start = Date.UTC(2026, 0, 1);
      for (const events of syntheticGames({ games, characters, seed, start })) {
        await store.append(events);
      }
    });
    return write.ms;
  } finally {
    await store.close();
  }
}

async function measureRebuild(target: StoreTarget, writeMs: number): Promise<StoreResult> {
  const store = await target.openReader();
  try {
    const incremental = await allRatings(store);
    const rebuilds: number[] = [];
    let summary: Awaited<ReturnType<typeof rebuildStoredRatings>> | undefined;
    for (let i = 0; i < runs; i++) {
      const run = await timed(() => rebuildStoredRatings(store, { pageSize: PAGE_SIZE }));
      rebuilds.push(run.ms / 1000);
      summary = run.value;
    }
    const difference = maxDifference(incremental, await allRatings(store));
    const page = await timed(() => readLog(store));
    const computes: number[] = [];
    let rows: RatingRow[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await timed(() => rebuildRatings(page.value));
      computes.push(run.ms / 1000);
      rows = run.value.rows;
    }
    const replace = await timed(() => store.replaceRatings(rows));
    const rebuildMedian = median(rebuilds);
    return {
      store: target.name,
      games,
      writeSeconds: writeMs / 1000,
      gamesPerSecond: games / (writeMs / 1000),
      rebuildSeconds: { median: rebuildMedian, runs: rebuilds },
      pageSeconds: page.ms / 1000,
      computeSeconds: { median: median(computes), runs: computes },
      replaceSeconds: replace.ms / 1000,
      gamesRated: summary?.gamesRated ?? 0,
      keys: summary?.keys ?? { character: 0, model: 0 },
      maxDifference: difference,
      met: rebuildMedian <= TARGET_SECONDS && difference === 0,
    };
  } finally {
    await store.close();
  }
}

async function measure(target: StoreTarget): Promise<StoreResult> {
  try {
    return await measureRebuild(target, await writeGames(target));
  } finally {
    await target.cleanup();
  }
}

const targets = [pgliteTarget(), ...(databaseUrl ? [postgresTarget(databaseUrl)] : [])];
const results: StoreResult[] = [];
for (const target of targets) results.push(await measure(target));

const s = (x: number) => x.toFixed(3);
const table: string[][] = [
  ['', ...results.map((r) => r.store)],
  ['finished games written', ...results.map((r) => r.games.toLocaleString('en'))],
  ['  write time (s), rated in the same transaction', ...results.map((r) => s(r.writeSeconds))],
  ['  games per second', ...results.map((r) => r.gamesPerSecond.toFixed(0))],
  ['games rated (aborted ones are not)', ...results.map((r) => r.gamesRated.toLocaleString('en'))],
  ['keys: characters / models', ...results.map((r) => `${r.keys.character} / ${r.keys.model}`)],
  [
    `ratings rebuild end to end, median of ${runs} (s)`,
    ...results.map((r) => s(r.rebuildSeconds.median)),
  ],
  ['  page the log (finishedGames) (s)', ...results.map((r) => s(r.pageSeconds))],
  [
    `  compute (rebuildRatings), median of ${runs} (s)`,
    ...results.map((r) => s(r.computeSeconds.median)),
  ],
  ['  replaceRatings (s)', ...results.map((r) => s(r.replaceSeconds))],
  ['rebuilt = kept game by game (max |Δ|)', ...results.map((r) => String(r.maxDifference))],
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
const line = (r: string[]) =>
  r
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
console.log(
  `ratings: ${games.toLocaleString('en')} synthetic finished games, 4–8 seats over ${characters} characters and ${BENCH_MODELS.length} models, seed ${seed}`,
);
for (const r of table) console.log(line(r));
const met = results.every((r) => r.met);
console.log(
  `target: rebuild of ${games.toLocaleString('en')} games ≤ ${TARGET_SECONDS} s and equal to the ratings kept game by game — ${met ? 'met' : 'NOT met'}`,
);

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      games,
      characters,
      models: BENCH_MODELS.length,
      seed,
      runs,
      stores: results,
      target: { maxSeconds: TARGET_SECONDS, met },
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}`);
if (!met) process.exit(1);
