/**
 * Real processes for integration tests: a runner (`tsx apps/runner/src/main.ts`, as
 * `nx run runner:serve` starts it) and the `arena` CLI, each with only the environment given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The workspace root: both programs run from there. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../..');

/** The environment every child gets besides its own settings. */
const BASE_ENV = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };

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

/** A runner started as a child process. */
export interface RunnerChild {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** What the runner wrote so far (logs on stdout, failures on stderr). */
  output(): string;
  /** SIGTERM it and resolve once it has exited. */
  stop(): Promise<void>;
}

/**
 * Start a runner on a free port with `env` and resolve once `GET /healthz` answers 200. Fails
 * with the runner's output when it exits first or is not healthy within `timeoutMs`.
 */
export async function startRunnerChild(
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<RunnerChild> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/runner/src/main.ts'], {
    cwd: WORKSPACE_ROOT,
    env: { ...BASE_ENV, ARENA_HOST: '127.0.0.1', ARENA_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(signal ?? code)),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`the runner exited before it was healthy:\n${output}`);
    try {
      const health = await fetch(`${base}/healthz`);
      if (health.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the runner was not healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    base,
    output: () => output,
    stop: async () => {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What one `arena` process printed and how it exited. */
export interface ArenaProcessRun {
  code: number | null;
  out: string;
  err: string;
  /** stdout split into lines (without the last empty one). */
  lines: string[];
}

/** A running `arena` process. */
export interface ArenaChild {
  child: ChildProcess;
  /** Resolves once it has exited. */
  done: Promise<ArenaProcessRun>;
}

/** Start the real CLI (`tsx apps/cli/src/bin.ts …`) with only `env` (and NO_COLOR) set. */
export function spawnArena(args: string[], env: Record<string, string> = {}): ArenaChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/bin.ts', ...args], {
    cwd: WORKSPACE_ROOT,
    env: { ...BASE_ENV, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<ArenaProcessRun>((resolve) =>
    child.once('close', (code) => {
      const lines = out.split('\n');
      if (lines.at(-1) === '') lines.pop();
      resolve({ code, out, err, lines });
    }),
  );
  return { child, done };
}

/** Run the real CLI to its end. */
export function runArenaProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<ArenaProcessRun> {
  return spawnArena(args, env).done;
}
