import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { GameEvent } from '@arena/models';
import { DEFAULT_PLAYER_IDS } from '@arena/orchestration';
import { TEST_API_TOKEN, TEST_AUTH, parseSse } from './runner.fixture';

export { TEST_API_TOKEN, TEST_AUTH };

/** The workspace root, where `nx run runner:serve` runs `tsx apps/runner/src/main.ts`. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

/** The Redis service of the development and CI machines. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * A long game over shipped content: no eliminations, accusations or early solve, so it plays
 * to `maxTurns` and a kill lands mid-game.
 */
export function longGame(seed: number, maxTurns = 200) {
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

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** One log line of a runner (pino JSON). */
export type LogLine = Record<string, unknown>;

/** A runner started as a child process. */
export interface RunnerProcess {
  child: ChildProcessWithoutNullStreams;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Settles with the signal or exit code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** Every log line the runner printed so far. */
  logs(): LogLine[];
  /** What the runner wrote to stderr so far (a crash's stack trace). */
  stderr(): string;
}

/**
 * Start the runner as `nx run runner:serve` does, with only `env` (plus PATH and HOME) as its
 * environment, a free port and {@link TEST_API_TOKEN} as its API token (unless `env` sets
 * `ARENA_API_TOKENS`; `undefined` leaves a variable unset), and resolve once it listens. The process goes into `spawned` as
 * soon as it exists, so that a test can kill (and report) a runner that never came up.
 */
export async function startRunner(
  env: Record<string, string | undefined>,
  spawned: RunnerProcess[] = [],
): Promise<RunnerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/runner/src/main.ts'], {
    cwd: WORKSPACE_ROOT,
    env: Object.fromEntries(
      Object.entries({
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ARENA_HOST: '127.0.0.1',
        ARENA_PORT: String(port),
        ARENA_API_TOKENS: TEST_API_TOKEN,
        ...env,
      }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
  });
  const lines: LogLine[] = [];
  let stderr = '';
  let buffered = '';
  let markListening: () => void = () => undefined;
  const listening = new Promise<void>((done) => (markListening = done));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      if (line['msg'] === 'listening') markListening();
    }
  });
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.on('exit', (code, signal) => done(signal ?? code)),
  );
  const runner: RunnerProcess = {
    child,
    base: `http://127.0.0.1:${port}`,
    exited,
    logs: () => [...lines],
    stderr: () => stderr,
  };
  spawned.push(runner);
  await Promise.race([
    listening,
    exited.then((how) => {
      throw new Error(`the runner exited (${String(how)}) before listening:\n${stderr}`);
    }),
  ]);
  return runner;
}

/** SIGTERM the runner and resolve with how it exited (0 after a clean shutdown). */
export async function stopRunner(runner: RunnerProcess): Promise<NodeJS.Signals | number | null> {
  runner.child.kill('SIGTERM');
  return runner.exited;
}

/** Create a game on a runner (`POST /games`, with {@link TEST_API_TOKEN}) and return its id. */
export async function postGame(base: string, config: unknown): Promise<string> {
  const created = await fetch(`${base}/games`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTH },
    body: JSON.stringify(config),
  });
  if (created.status !== 201) {
    throw new Error(`POST /games answered ${created.status}: ${await created.text()}`);
  }
  return ((await created.json()) as { id: string }).id;
}

/**
 * Follow a game's event stream (SSE) on a runner and resolve with the events received when the
 * stream ends (after `game_ended`, or when the runner died).
 */
export async function followGame(
  base: string,
  gameId: string,
  onEvent: (event: GameEvent) => void = () => undefined,
): Promise<GameEvent[]> {
  const received: GameEvent[] = [];
  const response = await fetch(`${base}/games/${gameId}/events`);
  if (response.status !== 200) throw new Error(`the event stream answered ${response.status}`);
  const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) throw new Error('the event stream has no body');
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return received;
      buffer += value;
      const end = buffer.lastIndexOf('\n\n');
      if (end < 0) continue;
      for (const message of parseSse(buffer.slice(0, end + 2))) {
        const event = JSON.parse(message.data) as GameEvent;
        received.push(event);
        onEvent(event);
      }
      buffer = buffer.slice(end + 2);
    }
  } catch {
    // The runner went away mid-stream.
    return received;
  }
}
