/**
 * Event append benchmark: plays no games, but appends the logs games write (≈8 events a turn:
 * turn start, speaker, contribution, its score, model calls, every third turn a narrator line)
 * to each store, in batches of 500 events (a fork, an import, a rebuild) and turn by turn (a
 * live game), and reports events per second. Next to Postgres it times a plain multi-row
 * INSERT of the same event rows through `pg`, as the floor appends are compared with.
 * Targets: Postgres ≥ 20,000 events/s batched; PGlite ≥ 10,000 events/s batched.
 *
 *   npm run bench:store -- [--games 8] [--turns 1000] [--live-games 4] [--live-turns 150]
 *     [--batch 500] [--database-url postgres://…] [--skip-postgres] [--out bench-results/store.json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DIMENSIONS, envelopeEvent, type GameEvent, type NewEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import {
  openPgliteEventStore,
  openPgliteWorkerEventStore,
  openPostgresEventStore,
  type EventStore,
} from '@arena/persistence';
import { rawBatchedInsert } from '@arena/persistence/bench';
import { TEST_DATABASE_URL, dropTestSchema, uniqueDatabaseName } from '@arena/persistence/testing';

const TARGETS = { postgres: 20_000, pglite: 10_000 } as const;

const { values } = parseArgs({
  options: {
    games: { type: 'string', default: '8' },
    turns: { type: 'string', default: '1000' },
    'live-games': { type: 'string', default: '4' },
    'live-turns': { type: 'string', default: '150' },
    batch: { type: 'string', default: '500' },
    'database-url': { type: 'string', default: TEST_DATABASE_URL },
    'skip-postgres': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/store.json' },
  },
});
const counts = {
  games: Number(values.games),
  turns: Number(values.turns),
  liveGames: Number(values['live-games']),
  liveTurns: Number(values['live-turns']),
  batch: Number(values.batch),
};
for (const [flag, value] of Object.entries(counts)) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${flag} must be a whole number of at least 1 (got ${String(value)})`);
    process.exit(2);
  }
}
const databaseUrl = values['database-url'];
if (!/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
  console.error(`--database-url must be a postgres:// URL (got ${databaseUrl})`);
  process.exit(2);
}

const dims = <T>(value: T) =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, value])) as Record<(typeof DIMENSIONS)[number], T>;

/** The events of one turn as a game records them. */
function turnEvents(turn: number): NewEvent[] {
  const playerId = `P${(turn % 4) + 1}`;
  const messageId = `M${turn}`;
  const call = (role: 'player' | 'judge' | 'narrator', purpose: string): NewEvent => ({
    type: 'model_call',
    payload: {
      role,
      playerId: role === 'player' ? playerId : null,
      purpose,
      model: 'openai:gpt-4o-mini',
      params: { temperature: 0.7 },
      usage: { inputTokens: 1200 + turn, outputTokens: 160 },
      latencyMs: 812.5,
      costUsd: 0.00027,
    },
  });
  const events: NewEvent[] = [
    { type: 'turn_started', payload: { turn, round: Math.ceil(turn / 4) } },
    {
      type: 'speaker_selected',
      payload: {
        turn,
        playerId,
        policy: 'weighted',
        reasoning: 'fairness 0.4, merit 0.3, momentum 0.2',
        candidates: [1, 2, 3, 4].map((p) => ({ playerId: `P${p}`, weight: p / 10 })),
      },
    },
    call('player', 'act'),
    {
      type: 'contribution_accepted',
      payload: {
        turn,
        playerId,
        attempt: 1,
        messageId,
        text: `Turn ${turn}: drive the piers to bedrock, add a scour gauge that alerts the operator at a set threshold, and hinge the deck so it lifts before the water reaches it.`,
        cites: turn > 1 ? [`M${turn - 1}`] : [],
      },
    },
    call('judge', 'score'),
    {
      type: 'contribution_scored',
      payload: {
        turn,
        playerId,
        messageId,
        phase: 'mid',
        scores: dims(0.55),
        weights: dims(0.2),
        points: 0.55,
        rationales: dims('adds a concrete, testable step'),
        coverage: { foundations: 0.6, deck: 0.4, monitoring: 0.5 },
        detectorHits: [],
        judge: 'openai:gpt-4o-mini',
      },
    },
  ];
  if (turn % 3 === 0) {
    events.push(call('narrator', 'narrate'), {
      type: 'narrator_line',
      payload: {
        turn,
        trigger: 'periodic',
        text: 'The bridge takes shape.',
        messageId: `M${turn}0`,
      },
    });
  }
  return events;
}

/** A game log of `turns` turns, as batches of events: one per turn, after `game_created`. */
function gameTurns(gameId: string, turns: number): GameEvent[][] {
  const start = Date.UTC(2026, 0, 1);
  let seq = 0;
  const envelope = (events: NewEvent[]) =>
    events.map((event) => envelopeEvent(gameId, seq, start + seq++, event));
  const batches = [envelope([{ type: 'game_created', payload: { spec: testSpec() } }])];
  for (let turn = 1; turn <= turns; turn++) batches.push(envelope(turnEvents(turn)));
  return batches;
}

/** The same log cut into batches of `size` events. */
function rebatch(turnBatches: GameEvent[][], size: number): GameEvent[][] {
  const all = turnBatches.flat();
  const batches: GameEvent[][] = [];
  for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
  return batches;
}

interface Workload {
  name: 'batched' | 'turn by turn';
  /** One entry per game: its batches in order. */
  games: GameEvent[][][];
}

function workloads(label: string): Workload[] {
  const batched = Array.from({ length: counts.games }, (_, g) =>
    rebatch(gameTurns(`${label}-batched-${g}`, counts.turns), counts.batch),
  );
  const live = Array.from({ length: counts.liveGames }, (_, g) =>
    gameTurns(`${label}-live-${g}`, counts.liveTurns),
  );
  return [
    { name: 'batched', games: batched },
    { name: 'turn by turn', games: live },
  ];
}

const eventCount = (games: GameEvent[][][]) =>
  games.reduce((n, game) => n + game.reduce((m, batch) => m + batch.length, 0), 0);

/**
 * Append every game of the workload, one game after another, each batch awaited. Returns the
 * wall time and this process's CPU time (all threads: PGlite's work included, a Postgres
 * server's not), which shows how much a busy machine stretched the wall time.
 */
async function timeAppends(
  store: EventStore,
  workload: Workload,
): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const game of workload.games) {
    for (const batch of game) await store.append(batch);
  }
  const used = process.cpuUsage(cpu);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

interface Row {
  store: string;
  workload: Workload['name'];
  events: number;
  batches: number;
  seconds: number;
  /** CPU time of this process meanwhile (see `timeAppends`). */
  cpuSeconds: number;
  eventsPerSecond: number;
  /** Events per second of the plain INSERT of the same rows (Postgres, batched). */
  rawEventsPerSecond: number | null;
  /** eventsPerSecond / rawEventsPerSecond. */
  ratio: number | null;
  target: number | null;
  met: boolean | null;
}

interface Target {
  name: string;
  kind: keyof typeof TARGETS;
  open(): Promise<EventStore>;
  raw?(batches: GameEvent[][]): Promise<{ events: number; seconds: number }>;
  cleanup(): Promise<void>;
}

function pgliteTarget(name: string, open: typeof openPgliteEventStore): Target {
  const dir = mkdtempSync(join(tmpdir(), 'arena-bench-store-'));
  return {
    name,
    kind: 'pglite',
    open: () => open({ dataDir: join(dir, 'pglite') }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(url: string): Target {
  const schema = uniqueDatabaseName('bench_store');
  return {
    name: 'postgres',
    kind: 'postgres',
    open: () => openPostgresEventStore({ url, schema }),
    raw: (batches) => rawBatchedInsert({ url, schema, batches }),
    cleanup: () => dropTestSchema(schema, url),
  };
}

async function measure(target: Target): Promise<Row[]> {
  const store = await target.open();
  const rows: Row[] = [];
  try {
    // Warm up: code paths, plans and caches, with a short game that is not measured.
    for (const batch of gameTurns(`${target.name}-warm-up`, 30)) await store.append(batch);
    for (const workload of workloads(target.name)) {
      const { seconds, cpuSeconds } = await timeAppends(store, workload);
      const events = eventCount(workload.games);
      const eventsPerSecond = events / seconds;
      const batched = workload.name === 'batched';
      // The same rows in the same batches, into an empty scratch copy of the events table.
      const raw = batched && target.raw ? await target.raw(workload.games.flat()) : null;
      const rawEventsPerSecond = raw ? raw.events / raw.seconds : null;
      const goal = batched ? TARGETS[target.kind] : null;
      rows.push({
        store: target.name,
        workload: workload.name,
        events,
        batches: workload.games.reduce((n, game) => n + game.length, 0),
        seconds,
        cpuSeconds,
        eventsPerSecond,
        rawEventsPerSecond,
        ratio: rawEventsPerSecond === null ? null : eventsPerSecond / rawEventsPerSecond,
        target: goal,
        met: goal === null ? null : eventsPerSecond >= goal,
      });
    }
  } finally {
    await store.close();
    await target.cleanup();
  }
  return rows;
}

const targets: Target[] = [
  pgliteTarget('pglite', openPgliteEventStore),
  pgliteTarget('pglite (worker thread)', openPgliteWorkerEventStore),
  ...(values['skip-postgres'] ? [] : [postgresTarget(databaseUrl)]),
];
const load = loadavg()[0] ?? 0;
const results: Row[] = [];
for (const target of targets) results.push(...(await measure(target)));

const n = (x: number) => Math.round(x).toLocaleString('en');
const table: string[][] = [
  [
    'store',
    'appends',
    'events',
    'batches',
    'seconds',
    'CPU s',
    'events/s',
    'raw INSERT/s',
    'ratio',
    'target',
  ],
  ...results.map((r) => [
    r.store,
    r.workload,
    n(r.events),
    n(r.batches),
    r.seconds.toFixed(2),
    r.cpuSeconds.toFixed(2),
    n(r.eventsPerSecond),
    r.rawEventsPerSecond === null ? '' : n(r.rawEventsPerSecond),
    r.ratio === null ? '' : r.ratio.toFixed(2),
    r.target === null ? '' : `≥ ${n(r.target)} ${r.met ? 'met' : 'NOT met'}`,
  ]),
];
const widths = table[0]?.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length))) ?? [];
const line = (r: string[]) =>
  r
    .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
console.log(
  `store appends: batched = ${counts.games} games × ${counts.turns} turns in batches of ${counts.batch} events; turn by turn = ${counts.liveGames} games × ${counts.liveTurns} turns, one batch a turn; ${cpus().length} CPUs, 1-minute load average at start ${load.toFixed(2)}`,
);
for (const r of table) console.log(line(r));

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ ...counts, cpus: cpus().length, loadAverage: load, targets: TARGETS, results }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
