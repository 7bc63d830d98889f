/**
 * Failover benchmark: three runner processes share games over Kafka (librdkafka's mock
 * cluster, started here), a fresh Postgres database and Redis. Once every game has a driver, the
 * runner driving the most games is SIGKILLed; for each of its games the bench times how long it
 * takes until an event the killed runner never wrote arrives on the events topic (the game goes
 * on elsewhere). Target: every game continues within the consumer session timeout + 5 s.
 *
 *   npm run bench:failover -- [--database-url postgres://postgres@127.0.0.1:5432/test]
 *     [--redis-url redis://127.0.0.1:6379] [--games 6] [--runs 1] [--session-timeout 3000]
 *     [--lease-ttl 2000] [--out bench-results/failover.json]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { TOPICS, createKafkaBus, type MessageBus } from '@arena/message-bus';
import { startKafkaMock, type KafkaMock } from '@arena/message-bus/kafka-mock';
import type { GameEvent } from '@arena/models';
import { DEFAULT_PLAYER_IDS } from '@arena/orchestration';
import { openPostgresEventStore, type EventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { requirePositiveWholeNumbers } from './flags';

const WORKSPACE = resolve(import.meta.dirname, '../../..');

/** API token of the bench's runners: creating games needs one. */
const API_TOKEN = randomBytes(24).toString('base64url');
const MARGIN_MS = 5000;
const RUNNERS = ['runner-a', 'runner-b', 'runner-c'];
const PARTITIONS = 6;

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    games: { type: 'string', default: '6' },
    runs: { type: 'string', default: '1' },
    'session-timeout': { type: 'string', default: '3000' },
    'lease-ttl': { type: 'string', default: '2000' },
    out: { type: 'string', default: 'bench-results/failover.json' },
  },
});
const games = Number(values.games);
const runs = Number(values.runs);
const sessionTimeoutMs = Number(values['session-timeout']);
const leaseTtlMs = Number(values['lease-ttl']);
requirePositiveWholeNumbers([
  ['--games', games],
  ['--runs', runs],
  ['--session-timeout', sessionTimeoutMs],
  ['--lease-ttl', leaseTtlMs],
]);
const databaseUrl = values['database-url'];
const redisUrl = values['redis-url'];
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error(`--database-url must be a postgres:// URL (got ${databaseUrl})`);
  process.exit(2);
}
if (!/^rediss?:\/\//.test(redisUrl)) {
  console.error(`--redis-url must be a redis:// URL (got ${redisUrl})`);
  process.exit(2);
}

interface Runner {
  id: string;
  child: ChildProcess;
  base: string;
  /** Game id → time this runner last took it (game_started / game_resumed in its log). */
  took: Map<string, number>;
  exited: Promise<void>;
}

/** Start a runner on a free port (`ARENA_PORT=0` is not allowed, so ask the OS for one). */
async function startRunner(id: string, env: Record<string, string>): Promise<Runner> {
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/runner/src/main.ts'], {
    cwd: WORKSPACE,
    env: {
      PATH: process.env['PATH'] ?? '',
      ...env,
      ARENA_RUNNER_ID: id,
      ARENA_PORT: String(port),
      ARENA_API_TOKENS: API_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const took = new Map<string, number>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const listening = new Promise<void>((done) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (line['msg'] === 'listening') done();
      if ((line['msg'] === 'game_started' || line['msg'] === 'game_resumed') && line['gameId']) {
        took.set(String(line['gameId']), performance.now());
      }
    });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      listening,
      exited.then(() => {
        throw new Error(`${id} exited before listening:\n${stderr}`);
      }),
      new Promise((_, fail) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(new Error(`${id} did not listen within 60 s:\n${stderr}`));
        }, 60_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return { id, child, base: `http://127.0.0.1:${port}`, took, exited };
}

async function postGame(base: string, seed: number): Promise<string> {
  const response = await fetch(`${base}/games`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
    // Long games without eliminations, solving or accusations: still running at the kill.
    body: JSON.stringify({
      scenario: 'city-water',
      players: [...DEFAULT_PLAYER_IDS],
      seed,
      maxTurns: 300,
      policy: 'weighted',
      rules: {
        elimination: { warmupRounds: 1000 },
        solved: { minRounds: 1000 },
        accusations: { maxPerPlayer: 0 },
      },
    }),
  });
  if (response.status !== 201) throw new Error(`POST /games: ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Progress on stderr, so the table on stdout stays clean. */
const progress = (line: string) => process.stderr.write(`${line}\n`);

interface RunResult {
  victim: string;
  orphaned: number;
  /** Per orphaned game: ms from the kill to its first event written by another runner. */
  failoverMs: number[];
}

async function oneRun(run: number): Promise<RunResult> {
  const tag = randomBytes(4).toString('hex');
  const prefix = `failover-${tag}.`;
  const kafka: KafkaMock = await startKafkaMock({
    topics: { [`${prefix}${TOPICS.commands}`]: PARTITIONS },
  });
  const url = await createTestDatabase(`failover_${run}`, databaseUrl);
  const store: EventStore = await openPostgresEventStore({ url });
  const runners: Runner[] = [];
  let bus: MessageBus | undefined;
  try {
    bus = await createKafkaBus({
      brokers: kafka.brokers,
      clientId: 'bench-failover',
      topicPrefix: prefix,
      sessionTimeoutMs,
      heartbeatIntervalMs: 500,
      maxWaitTimeMs: 50,
    });
    // When each game's events arrive here, by seq.
    const arrivals = new Map<string, Map<number, number>>();
    await bus.subscribe(TOPICS.gameEvents, (message) => {
      const event = message.value as GameEvent;
      const seen = arrivals.get(event.gameId) ?? new Map<number, number>();
      seen.set(event.seq, performance.now());
      arrivals.set(event.gameId, seen);
    });
    const env = {
      HOME: process.env['HOME'] ?? '',
      ARENA_HOST: '127.0.0.1',
      ARENA_LOG_LEVEL: 'info',
      ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-failover-')),
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      ARENA_REDIS_PREFIX: `arena-bench:${tag}:`,
      ARENA_LEASE_TTL_MS: String(leaseTtlMs),
      ARENA_BUS: 'kafka',
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `bench-runners-${tag}`,
      KAFKA_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    };
    for (const id of RUNNERS) {
      runners.push(await startRunner(id, env));
      progress(`run ${run + 1}: ${id} listening`);
    }
    const [entry] = runners;
    if (!entry) throw new Error('no runner started');
    const ids: string[] = [];
    for (let i = 0; i < games; i++) ids.push(await postGame(entry.base, 1000 * run + i));

    const driverOf = (gameId: string): Runner | undefined =>
      runners
        .filter((r) => r.took.has(gameId))
        .sort((a, b) => (b.took.get(gameId) ?? 0) - (a.took.get(gameId) ?? 0))[0];
    progress(`run ${run + 1}: ${ids.length} games created`);
    await until('every game to have a driver', () =>
      ids.every((id) => driverOf(id)) ? true : undefined,
    );
    // Let the games get going, so the kill lands mid-game.
    await new Promise((r) => setTimeout(r, 2000));
    const victim = [...runners].sort(
      (a, b) =>
        ids.filter((id) => driverOf(id) === b).length -
        ids.filter((id) => driverOf(id) === a).length,
    )[0];
    if (!victim) throw new Error('no victim');
    const orphaned = ids.filter((id) => driverOf(id) === victim);
    progress(`run ${run + 1}: killing ${victim.id}, which drives ${orphaned.length} game(s)`);
    victim.child.kill('SIGKILL');
    const killedAt = performance.now();
    await victim.exited;
    // The dead runner's last word on each game: anything later was written by another runner.
    const lastSeq = new Map<string, number>();
    for (const id of orphaned) lastSeq.set(id, (await store.getGame(id))?.lastSeq ?? -1);
    const failoverMs: number[] = [];
    for (const id of orphaned) {
      const continuedAt = await until(
        `game ${id} to continue`,
        () => {
          const seen = arrivals.get(id);
          const after = [...(seen?.entries() ?? [])].filter(
            ([seq]) => seq > (lastSeq.get(id) ?? -1),
          );
          return after.length > 0 ? Math.min(...after.map(([, at]) => at)) : undefined;
        },
        sessionTimeoutMs + leaseTtlMs + 60_000,
      );
      failoverMs.push(continuedAt - killedAt);
    }
    return { victim: victim.id, orphaned: orphaned.length, failoverMs };
  } finally {
    for (const runner of runners) runner.child.kill('SIGKILL');
    await Promise.all(runners.map((r) => r.exited));
    await bus?.close();
    await store.close();
    await dropTestDatabase(url);
    await kafka.stop();
  }
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (let run = 0; run < runs; run++) results.push(await oneRun(run));
  const all = results.flatMap((r) => r.failoverMs).sort((a, b) => a - b);
  const worst = all.at(-1) ?? Number.NaN;
  const medianMs = all[Math.floor((all.length - 1) / 2)] ?? Number.NaN;
  const targetMs = sessionTimeoutMs + MARGIN_MS;
  const pass = all.length > 0 && worst <= targetMs;
  console.log(
    `\nFailover: 3 runners, ${games} games per run, ${runs} run(s), session timeout ${sessionTimeoutMs} ms, lease TTL ${leaseTtlMs} ms; load average ${loadavg()[0]?.toFixed(2)}\n`,
  );
  console.table(
    results.map((r, i) => ({
      run: i + 1,
      killed: r.victim,
      'games orphaned': r.orphaned,
      'failover ms (each)': r.failoverMs.map((ms) => Math.round(ms)).join(', '),
    })),
  );
  console.table([
    {
      check: 'kill → game continues on another runner (worst)',
      target: `≤ ${targetMs} ms`,
      measured: `${Math.round(worst)} ms (median ${Math.round(medianMs)} ms over ${all.length} games)`,
      result: pass ? 'ok' : 'MISSED',
    },
  ]);
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ games, runs, sessionTimeoutMs, leaseTtlMs, targetMs, worstMs: worst, medianMs, results, loadAverage: loadavg()[0] }, null, 2)}\n`,
  );
  console.log(`\nwrote ${out}`);
  if (!pass) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
