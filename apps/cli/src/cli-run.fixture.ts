import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createGame, runGame } from '@arena/orchestration';
import { openPgliteEventStore } from '@arena/persistence';
import { runCli } from './main';
import { recordingOutput } from './testing-output';

/** What one in-process `arena` run printed and returned. */
export interface CliRun {
  code: number;
  /** Everything written to stdout, one entry per line. */
  lines: string[];
  out: string;
  err: string;
}

/**
 * Runs the CLI in this process with a recording output and exactly `env` as its environment, so
 * no setting of the machine running the tests leaks in.
 */
export async function runArena(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  const out = recordingOutput();
  const code = await runCli(argv, out, env);
  return { code, lines: out.stdout, out: out.stdout.join('\n'), err: out.stderr.join('\n') };
}

/** A fresh empty directory under the system's temp folder. */
export function tempDir(prefix = 'arena-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` to a new file `name` in a fresh temp directory and returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** The events a `--json` run printed, one JSON object per stdout line. */
export function printedEvents(run: CliRun): GameEvent[] {
  return run.lines.map((line) => JSON.parse(line) as GameEvent);
}

/** The ids of the games stored under a CLI data dir (`<dataDir>/pglite`). */
export async function storedGameIds(dataDir: string): Promise<string[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return (await store.listGames()).map((g) => g.gameId);
  } finally {
    await store.close();
  }
}

/**
 * Stores a sim game (`testSpec`, seed 4, 40 max turns) under a CLI data dir as `gameId`, suspended
 * after `batches` committed batches, so it has not ended.
 */
export async function storeSuspendedGame(
  dataDir: string,
  options: { gameId?: string; batches: number },
): Promise<string> {
  const gameId = options.gameId ?? 'g-running';
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    const services = { store, bus: createInMemoryBus(), clock: steppingClock() };
    await createGame(services, testSpec({ maxTurns: 40, seed: 4 }), { gameId });
    const suspend = new AbortController();
    let committed = 0;
    await runGame(services, gameId, {
      suspend: suspend.signal,
      onEvents: () => {
        committed += 1;
        if (committed === options.batches) suspend.abort();
      },
    });
    return gameId;
  } finally {
    await store.close();
  }
}
