import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GameEvent } from '@arena/models';
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
