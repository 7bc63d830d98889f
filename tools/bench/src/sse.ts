/**
 * SSE fan-out benchmark: a real runner process (PGlite in a temporary data dir, in-process bus)
 * and, in separate processes, 200 spectators of one long sim game (spread over `--processes`)
 * plus one reference spectator, alone in its own process and connected first. The game is created with `start=false`, every spectator connects and
 * receives the stored `game_created`, then the game is started; for each live event the bench
 * measures what fan-out adds: each spectator's receipt time minus the reference spectator's
 * (and, informational, minus the earliest receipt of the event by any spectator), and receipt time minus the event's `ts` from the runner's clock (creation to
 * delivery, including the store's append). It also reads the runner's resident memory
 * (`/proc/<pid>/status` VmRSS) before the spectators connect, while they are connected
 * (sampled every 100 ms) and at the end, and its `/metrics`.
 * Targets: added latency p99 ≤ 50 ms; resident memory growth (peak over before) ≤ 50 MB.
 *
 *   npm run bench:sse -- [--spectators 200] [--processes 4] [--turns 80] [--seed 2026]
 *     [--out bench-results/sse.json]
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { DEFAULT_PLAYER_IDS } from '@arena/orchestration';
import { checkedFlags } from './checked-flags';
import {
  residentBytes,
  startBenchRunner,
  stopBenchRunner,
  type BenchRunner,
} from './sse/runner-process';
import type { Receipts, SpectatorReport } from './sse/spectators';

const TARGET_P99_MS = 50;
const TARGET_RSS_GROWTH_MB = 50;
const MB = 1024 * 1024;

const flags = checkedFlags(
  {
    spectators: { type: 'string', default: '200' },
    turns: { type: 'string', default: '80' },
    seed: { type: 'string', default: '2026' },
    processes: { type: 'string', default: '4' },
    out: { type: 'string', default: 'bench-results/sse.json' },
  },
  z.object({
    spectators: z.coerce.number().int().min(1).max(5000),
    turns: z.coerce.number().int().min(1).max(1000),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    processes: z.coerce.number().int().min(1).max(64),
    out: z.string().min(1),
  }),
);

/** Progress on stderr, so the tables on stdout stay clean. */
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** A long game over shipped content: no eliminations, accusations or early solve. */
function longGame(seed: number, maxTurns: number) {
  return {
    scenario: 'city-water',
    players: [...DEFAULT_PLAYER_IDS],
    seed,
    maxTurns,
    policy: 'weighted',
    rules: {
      elimination: { warmupRounds: 1000 },
      solved: { minRounds: 1000 },
      accusations: { maxPerPlayer: 0 },
    },
  };
}

async function post(runner: BenchRunner, token: string, path: string, body?: unknown) {
  const response = await fetch(`${runner.base}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The value of a sample without labels in a Prometheus exposition; null when absent. */
function sample(exposition: string, name: string): number | null {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(exposition);
  return match ? Number(match[1]) : null;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    min: round(sorted[0] ?? Number.NaN),
  };
}

type Done = Extract<SpectatorReport, { type: 'done' }>;

/** A process of spectators: `connected` once all are subscribed, `done` with their receipts. */
function startSpectators(message: Record<string, unknown>) {
  const child = fork(resolve(import.meta.dirname, 'sse/spectators.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let markConnected: () => void = () => undefined;
  let markDone: (report: Done) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const connected = new Promise<void>((done) => (markConnected = done));
  const done = new Promise<Done>((d) => (markDone = d));
  child.on('message', (report: SpectatorReport) => {
    if (report.type === 'connected') markConnected();
    else if (report.type === 'done') markDone(report);
    else fail(new Error(`spectators failed: ${report.error}`));
  });
  // Messages still in the channel are delivered before a late exit counts as a failure.
  child.once('exit', (code) =>
    setTimeout(() => fail(new Error(`a spectators' process exited (${code})`)), 1000),
  );
  child.send(message);
  return {
    connected: Promise.race([connected, failed]),
    done: Promise.race([done, failed]),
    kill: () => child.kill('SIGKILL'),
  };
}

/** `total` spectators over `processes` processes, as evenly as can be. */
function split(total: number, processes: number): number[] {
  const count = Math.min(total, processes);
  return Array.from(
    { length: count },
    (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0),
  );
}

interface Analysis {
  liveEvents: number;
  delivered: number;
  incomplete: number;
  failures: string[];
  addedMs: ReturnType<typeof summary>;
  spreadMs: ReturnType<typeof summary>;
  sinceTsMs: ReturnType<typeof summary>;
}

function analyse(reference: Receipts, spectators: Receipts[]): Analysis {
  // Live events: every seq after the stored `game_created` (seq 0).
  const refAt = new Map<number, number>();
  const tsOf = new Map<number, number>();
  reference.seqs.forEach((seq, i) => {
    refAt.set(seq, reference.at[i] as number);
    tsOf.set(seq, Date.parse(reference.ts[i] ?? ''));
  });
  const live = reference.seqs.filter((seq) => seq > 0);
  const added: number[] = [];
  const sinceTs: number[] = [];
  let delivered = reference.seqs.length;
  let incomplete = 0;
  for (const spectator of spectators) {
    delivered += spectator.seqs.length;
    if (spectator.seqs.length !== reference.seqs.length) incomplete += 1;
    spectator.seqs.forEach((seq, i) => {
      const at = spectator.at[i] as number;
      const ref = refAt.get(seq);
      const ts = tsOf.get(seq);
      if (seq === 0 || ref === undefined) return;
      added.push(at - ref);
      if (ts !== undefined && !Number.isNaN(ts)) sinceTs.push(at - ts);
    });
  }
  reference.seqs.forEach((seq, i) => {
    const ts = tsOf.get(seq);
    if (seq > 0 && ts !== undefined) sinceTs.push((reference.at[i] as number) - ts);
  });
  // The earliest receipt of each event by anyone, and every other receipt's distance from it.
  const earliest = new Map<number, number>();
  for (const receipts of [reference, ...spectators]) {
    receipts.seqs.forEach((seq, i) => {
      const at = receipts.at[i] as number;
      if (seq > 0 && at < (earliest.get(seq) ?? Infinity)) earliest.set(seq, at);
    });
  }
  const spread: number[] = [];
  for (const receipts of [reference, ...spectators]) {
    receipts.seqs.forEach((seq, i) => {
      const first = earliest.get(seq);
      if (first !== undefined) spread.push((receipts.at[i] as number) - first);
    });
  }
  const failures = [reference, ...spectators]
    .map((r) => r.error)
    .filter((e): e is string => e !== null);
  return {
    liveEvents: live.length,
    delivered,
    incomplete,
    failures,
    addedMs: summary(added),
    spreadMs: summary(spread),
    sinceTsMs: summary(sinceTs),
  };
}

async function main(): Promise<void> {
  const token = randomBytes(24).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'arena-bench-sse-'));
  const runner = await startBenchRunner({
    ARENA_DATA_DIR: dataDir,
    ARENA_API_TOKENS: token,
    // `listening`, which the bench waits for, is logged at info.
    ARENA_LOG_LEVEL: 'info',
    // A dashboard folder that does not exist: the bench needs only the API.
    ARENA_DASHBOARD_DIR: join(dataDir, 'no-dashboard'),
  });
  const groups: Array<ReturnType<typeof startSpectators>> = [];
  const rss: number[] = [];
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    progress(`runner ${runner.pid} listening at ${runner.base}`);
    const created = await post(
      runner,
      token,
      '/games?start=false',
      longGame(flags.seed, flags.turns),
    );
    const gameId = String(created['id']);
    // Let the runner settle after start-up and the game's creation.
    await new Promise((r) => setTimeout(r, 1000));
    const rssBefore = residentBytes(runner.pid);
    const connect = { type: 'connect', base: runner.base, gameId, token };
    // The reference subscribes first, so the runner writes each event to it before the others.
    const reference = startSpectators({ ...connect, spectators: 1, keepTs: true });
    groups.push(reference);
    await reference.connected;
    for (const count of split(flags.spectators, flags.processes)) {
      groups.push(startSpectators({ ...connect, spectators: count, keepTs: false }));
    }
    await Promise.all(groups.map((g) => g.connected));
    const rssConnected = residentBytes(runner.pid);
    const metricsText = await (
      await fetch(`${runner.base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const spectatorsGauge = sample(metricsText, 'arena_sse_spectators');
    progress(`${flags.spectators + 1} spectators connected to ${gameId}; starting it`);
    sampler = setInterval(() => rss.push(residentBytes(runner.pid)), 100);
    const started = performance.now();
    await post(runner, token, `/games/${gameId}/start`);
    const [referenceReport, ...reports] = await Promise.all(groups.map((g) => g.done));
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const rssEnd = residentBytes(runner.pid);
    const rssPeak = Math.max(rssConnected, rssEnd, ...rss);
    const referenceReceipts = referenceReport?.spectators[0];
    if (!referenceReceipts) throw new Error('the reference spectator reported nothing');
    const result = analyse(
      referenceReceipts,
      reports.flatMap((r) => r.spectators),
    );
    // The peak counts, not only the end: PGlite's worker may hand memory back meanwhile.
    const growthMb = (rssPeak - rssBefore) / MB;
    const endGrowthMb = (rssEnd - rssBefore) / MB;
    const pass =
      result.failures.length === 0 &&
      result.incomplete === 0 &&
      result.addedMs.p99 <= TARGET_P99_MS &&
      growthMb <= TARGET_RSS_GROWTH_MB;

    console.log(
      `\nSSE fan-out: ${flags.spectators} spectators + 1 reference on one sim game of ${flags.turns} turns (${result.liveEvents} live events in ${(wallMs / 1000).toFixed(1)} s); ${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(2)}\n`,
    );
    console.table([
      { measure: 'added by fan-out (spectator − reference)', ...result.addedMs },
      { measure: 'spectator − earliest receipt (informational)', ...result.spreadMs },
      { measure: 'event ts → receipt (informational)', ...result.sinceTsMs },
    ]);
    console.table([
      {
        'spectators (gauge)': spectatorsGauge,
        'events delivered': result.delivered,
        'incomplete streams': result.incomplete,
        'failed streams': result.failures.length,
        'RSS before MB': Math.round(rssBefore / MB),
        'RSS connected MB': Math.round(rssConnected / MB),
        'RSS peak MB': Math.round(rssPeak / MB),
        'RSS end MB': Math.round(rssEnd / MB),
      },
    ]);
    console.table([
      {
        check: 'added latency p99',
        target: `≤ ${TARGET_P99_MS} ms`,
        measured: `${result.addedMs.p99} ms`,
        result: result.addedMs.p99 <= TARGET_P99_MS ? 'ok' : 'MISSED',
      },
      {
        check: 'runner RSS growth (peak − before)',
        target: `≤ ${TARGET_RSS_GROWTH_MB} MB`,
        measured: `${growthMb.toFixed(1)} MB (end − before: ${endGrowthMb.toFixed(1)} MB)`,
        result: growthMb <= TARGET_RSS_GROWTH_MB ? 'ok' : 'MISSED',
      },
      {
        check: 'every spectator got every event',
        target: `${result.liveEvents + 1} events × ${flags.spectators + 1}`,
        measured: `${result.delivered} delivered, ${result.incomplete} incomplete, ${result.failures.length} failed`,
        result: result.incomplete === 0 && result.failures.length === 0 ? 'ok' : 'MISSED',
      },
    ]);
    if (result.failures.length > 0) progress(`first failure: ${result.failures[0]}`);
    const out = resolve(flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          spectators: flags.spectators,
          spectatorProcesses: flags.processes,
          turns: flags.turns,
          seed: flags.seed,
          gameId,
          liveEvents: result.liveEvents,
          eventsDelivered: result.delivered,
          incompleteStreams: result.incomplete,
          failedStreams: result.failures,
          wallMs,
          addedLatencyMs: result.addedMs,
          spreadFromEarliestMs: result.spreadMs,
          tsToReceiptMs: result.sinceTsMs,
          spectatorsGauge,
          rssBytes: { before: rssBefore, connected: rssConnected, peak: rssPeak, end: rssEnd },
          rssGrowthMb: { peak: growthMb, end: endGrowthMb },
          targets: { addedLatencyP99Ms: TARGET_P99_MS, rssGrowthMb: TARGET_RSS_GROWTH_MB },
          pass,
          cpus: cpus().length,
          loadAverage: loadavg()[0],
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwrote ${out}`);
    if (!pass) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    for (const group of groups) group.kill();
    await stopBenchRunner(runner);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
