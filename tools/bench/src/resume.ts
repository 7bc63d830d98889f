/**
 * Resume benchmark: how long a long game takes to pick up after its process died. A sim game
 * is played to `--turns` turns (eliminations and the solved rule off, so it is still running)
 * and its log stored under one game id per run; each run resumes its copy phase by phase (open
 * the store, load the log, fold it, restart the session until its next batch of events is
 * committed), then once more as `arena resume` and the runner do (`driveGame`). Target: load +
 * fold + restart, and `driveGame`, ≤ 1 s at 1,000 turns. Runs on the embedded PGlite store (in
 * its worker thread, as apps open it) and, with `--database-url`, on Postgres in a fresh schema
 * that is dropped afterwards.
 *
 *   npm run bench:resume -- [--turns 1000] [--runs 7] [--seed 2026] [--database-url postgres://…] [--out bench-results/resume.json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInMemoryBus } from '@arena/message-bus';
import { foldGame, steppingClock, systemClock, type GameEvent } from '@arena/models';
import {
  DEFAULT_CONTENT_DIR,
  DEFAULT_PLAYER_IDS,
  DEFAULT_SCENARIO_ID,
  GameSession,
  driveGame,
  loadContentCatalog,
  playGame,
  resolveGameSpec,
  type LeasedGameServices,
  type RunOptions,
} from '@arena/orchestration';
import {
  createMemoryEventStore,
  createMemoryLiveState,
  openPgliteWorkerEventStore,
  openPostgresEventStore,
  type EventStore,
} from '@arena/persistence';
import { dropTestSchema, uniqueDatabaseName } from '@arena/persistence/testing';
import { RUN_TO_LIMIT_RULES } from './endless-rules';
import { requirePositiveWholeNumbers } from './flags';

/** Load + fold + restart of a game of `--turns` turns, at most (ms). */
const TARGET_MS = 1000;
/** Events per append while the copies are stored. */
const COPY_BATCH = 500;

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '7' },
    seed: { type: 'string', default: '2026' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: 'bench-results/resume.json' },
  },
});
const turns = Number(values.turns);
const runs = Number(values.runs);
const seed = Number(values.seed);
requirePositiveWholeNumbers([
  ['--turns', turns],
  ['--runs', runs],
  ['--seed', seed],
]);
const databaseUrl = values['database-url'];
if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
  console.error(`--database-url must be a postgres:// or postgresql:// URL (got ${databaseUrl})`);
  process.exit(2);
}

const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
const SOURCE_ID = 'resume-bench-source';

/** Plays the game to `turns` turns in memory and returns its log (the game has not ended). */
async function playLongGame(): Promise<GameEvent[]> {
  const spec = resolveGameSpec(
    {
      scenario: DEFAULT_SCENARIO_ID,
      players: DEFAULT_PLAYER_IDS.map((character) => ({ character, model: 'sim' })),
      seed,
      // Room beyond the suspension point, so the resumed game has turns left to play.
      maxTurns: turns + 100,
      mode: 'competitive',
      policy: 'weighted',
      judge: { panel: ['sim'] },
      narrator: 'sim',
      rules: RUN_TO_LIMIT_RULES,
    },
    catalog,
  );
  const store = createMemoryEventStore();
  const suspend = new AbortController();
  // A memory store commits a turn's batch before the next turn starts: stop right after it.
  const final = await playGame({ store, bus: createInMemoryBus(), clock: steppingClock() }, spec, {
    gameId: SOURCE_ID,
    suspend: suspend.signal,
    onEvents: (batch) => {
      if (batch.some((e) => e.type === 'turn_started' && e.payload.turn >= turns)) {
        suspend.abort();
      }
    },
  });
  if (final.status !== 'running') throw new Error(`the game ended early (${final.ended?.reason})`);
  return store.load(SOURCE_ID);
}

/** The same log under another game id (event ids, causation ids and references follow). */
function copyLog(events: readonly GameEvent[], gameId: string): GameEvent[] {
  const text = JSON.stringify(events)
    .replaceAll(`"${SOURCE_ID}"`, JSON.stringify(gameId))
    .replaceAll(`"${SOURCE_ID}:`, `"${gameId}:`);
  return JSON.parse(text) as GameEvent[];
}

interface Backend {
  name: string;
  open(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

/** What a runner or `arena resume` drives a game with, over `store`. */
function servicesOver(store: EventStore): LeasedGameServices {
  return {
    store,
    bus: createInMemoryBus({ validate: false }),
    clock: systemClock,
    live: createMemoryLiveState({ clock: systemClock }),
  };
}

/** One resume, phase by phase (ms). */
interface ResumeSample {
  open: number;
  load: number;
  fold: number;
  restart: number;
  /** load + fold + restart: what the target is about. */
  resume: number;
  /** `driveGame` to the first committed batch: lease, load, fold, live state, restart. */
  drive: number;
}

type Phase = keyof ResumeSample;

/** Runs `fn` on a freshly opened store; returns how long opening took and `fn`'s answer. */
async function withServices<T>(
  backend: Backend,
  fn: (services: LeasedGameServices) => Promise<T>,
): Promise<{ open: number; value: T }> {
  const start = performance.now();
  const store = await backend.open();
  const open = performance.now() - start;
  try {
    return { open, value: await fn(servicesOver(store)) };
  } finally {
    await store.close();
  }
}

/** Run options that suspend the game once its first batch is committed, and when that was. */
function untilFirstCommit(): { options: RunOptions; committedAt: () => number } {
  const suspend = new AbortController();
  let at = 0;
  return {
    options: {
      suspend: suspend.signal,
      onEvents: () => {
        if (at > 0) return;
        at = performance.now();
        suspend.abort();
      },
    },
    committedAt: () => {
      if (at === 0) throw new Error('the resumed game committed nothing');
      return at;
    },
  };
}

/** Load, fold and restart one copy, each phase timed on its own. */
async function resumeInPhases(
  services: LeasedGameServices,
  gameId: string,
): Promise<Omit<ResumeSample, 'open' | 'drive'>> {
  const t0 = performance.now();
  const events = await services.store.load(gameId);
  const t1 = performance.now();
  const state = foldGame(events);
  const t2 = performance.now();
  const first = untilFirstCommit();
  await new GameSession(services, state, first.options).run();
  const t3 = first.committedAt();
  return { load: t1 - t0, fold: t2 - t1, restart: t3 - t2, resume: t3 - t0 };
}

/** Resume another copy the way the runner and `arena resume` do: `driveGame`. */
async function resumeDriven(services: LeasedGameServices, gameId: string): Promise<number> {
  const start = performance.now();
  const first = untilFirstCommit();
  const result = await driveGame(services, gameId, {
    owner: 'bench',
    ttlMs: 15_000,
    ...first.options,
  });
  if (result.outcome !== 'suspended') throw new Error(`driving ${gameId}: ${result.outcome}`);
  return first.committedAt() - start;
}

/** Resumes one copy in phases, then (one turn further on) with `driveGame`. */
async function resumeOnce(backend: Backend, gameId: string): Promise<ResumeSample> {
  const phases = await withServices(backend, (services) => resumeInPhases(services, gameId));
  const drive = await withServices(backend, (services) => resumeDriven(services, gameId));
  return { open: phases.open, ...phases.value, drive: drive.value };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface BackendResult {
  backend: string;
  /** Time to store the copies of the log. */
  storeMs: number;
  samples: ResumeSample[];
  median: ResumeSample;
  met: boolean;
}

async function measure(backend: Backend, log: readonly GameEvent[]): Promise<BackendResult> {
  const runId = `resume-bench-${Date.now().toString(36)}`;
  // One copy per run, and one more for the warm-up.
  const ids = Array.from({ length: runs + 1 }, (_, i) => `${runId}-${i}`);
  const stored = await withServices(backend, async (services) => {
    const start = performance.now();
    for (const id of ids) {
      const copy = copyLog(log, id);
      for (let i = 0; i < copy.length; i += COPY_BATCH) {
        await services.store.append(copy.slice(i, i + COPY_BATCH));
      }
    }
    return performance.now() - start;
  });
  // The first copy warms the code paths (and the JIT) and is not counted.
  const samples: ResumeSample[] = [];
  for (const [i, id] of ids.entries()) {
    const sample = await resumeOnce(backend, id);
    if (i > 0) samples.push(sample);
  }
  const pick = (k: Phase) => median(samples.map((s) => s[k]));
  const med: ResumeSample = {
    open: pick('open'),
    load: pick('load'),
    fold: pick('fold'),
    restart: pick('restart'),
    resume: pick('resume'),
    drive: pick('drive'),
  };
  return {
    backend: backend.name,
    storeMs: stored.value,
    samples,
    median: med,
    met: med.resume <= TARGET_MS && med.drive <= TARGET_MS,
  };
}

const buildStart = performance.now();
const log = await playLongGame();
const buildMs = performance.now() - buildStart;
const lastState = foldGame(log);

const dataDir = mkdtempSync(join(tmpdir(), 'arena-resume-bench-'));
const schema = uniqueDatabaseName('bench_resume');
const backends: Backend[] = [
  {
    name: 'PGlite',
    open: () => openPgliteWorkerEventStore({ dataDir }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  },
  ...(databaseUrl
    ? [
        {
          name: 'Postgres',
          open: () => openPostgresEventStore({ url: databaseUrl, schema }),
          cleanup: () => dropTestSchema(schema, databaseUrl),
        },
      ]
    : []),
];
const results: BackendResult[] = [];
try {
  for (const backend of backends) results.push(await measure(backend, log));
} finally {
  for (const backend of backends) await backend.cleanup();
}

const ms = (x: number) => x.toFixed(1);
const columns = ['median of runs (ms)', ...results.map((r) => r.backend)];
const rows: string[][] = [
  columns,
  ['open the store', ...results.map((r) => ms(r.median.open))],
  ['load the log', ...results.map((r) => ms(r.median.load))],
  ['fold', ...results.map((r) => ms(r.median.fold))],
  ['restart to the next committed batch', ...results.map((r) => ms(r.median.restart))],
  ['resume = load + fold + restart', ...results.map((r) => ms(r.median.resume))],
  ['driveGame to the next committed batch', ...results.map((r) => ms(r.median.drive))],
  ['target: both ≤ 1000 ms', ...results.map((r) => (r.met ? 'met' : 'NOT met'))],
];
const widths = columns.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) =>
  r
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
console.log(
  `resume: ${lastState.turn} turns, ${log.length.toLocaleString('en')} events, ` +
    `${lastState.messages.length.toLocaleString('en')} messages (played in ${(buildMs / 1000).toFixed(1)} s), ` +
    `${runs} runs per store after one warm-up`,
);
for (const r of rows) console.log(line(r));

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      seed,
      turns: lastState.turn,
      events: log.length,
      messages: lastState.messages.length,
      runs,
      buildMs,
      targetMs: TARGET_MS,
      results,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}`);
if (!results.every((r) => r.met)) process.exit(1);
