import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The workspace root, where the runner is started from (its content folder is relative to it). */
export const WORKSPACE = resolve(import.meta.dirname, '../../../..');

/** A runner started as a child process. */
export interface BenchRunner {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  exited: Promise<void>;
  /** What the runner wrote to stderr so far. */
  stderr(): string;
}

/** A port nothing listens on right now (the runner refuses `ARENA_PORT=0`). */
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

/**
 * Start `apps/runner/src/main.ts` under tsx with only `env` (plus PATH and HOME) on a free port,
 * and resolve once it logs `listening` (within 60 s).
 */
export async function startBenchRunner(env: Record<string, string>): Promise<BenchRunner> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/runner/src/main.ts'], {
    cwd: WORKSPACE,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      ARENA_HOST: '127.0.0.1',
      ARENA_PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const listening = new Promise<void>((done) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
      if (text.includes('"msg":"listening"')) done();
    });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      listening,
      exited.then(() => {
        throw new Error(`the runner exited before listening:\n${stderr}`);
      }),
      new Promise((_, fail) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          fail(new Error(`the runner did not listen within 60 s:\n${stderr}`));
        }, 60_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  if (child.pid === undefined) throw new Error('the runner has no process id');
  return {
    child,
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    exited,
    stderr: () => stderr,
  };
}

/** Stop the runner (SIGTERM, then SIGKILL after 20 s) and wait until it is gone. */
export async function stopBenchRunner(runner: BenchRunner): Promise<void> {
  if (runner.child.exitCode !== null || runner.child.signalCode !== null) return;
  runner.child.kill('SIGTERM');
  const kill = setTimeout(() => runner.child.kill('SIGKILL'), 20_000);
  await runner.exited;
  clearTimeout(kill);
}

/** Resident memory of a process in bytes (`VmRSS` of `/proc/<pid>/status`). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]) * 1024;
}
