import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, type GameEvent } from '@arena/models';
import { openPgliteEventStore } from '@arena/persistence';

const root = resolve(import.meta.dirname, '../../..');

function arena(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'apps/cli/src/bin.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('arena play and show across processes', () => {
  it('plays a default game to the end and shows it after the process exited', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arena-play-'));
    const played = arena(['play', '--seed', '2024', '--data-dir', dataDir]);
    expect(played.stderr).toBe('');
    expect(played.code).toBe(0);
    expect(played.stdout).toContain('Game over:');
    expect(played.stdout).toContain('Final standings');
    expect(played.stdout).toMatch(/is eliminated/);
    expect(played.stdout).toMatch(/accuses/);
    const id = /arena show (g-[0-9a-f]+)/.exec(played.stdout)?.[1];
    expect(id).toBeDefined();

    const shown = arena(['show', id as string, '--json'], { ARENA_DATA_DIR: dataDir });
    expect(shown.code).toBe(0);
    const game = JSON.parse(shown.stdout) as {
      status: string;
      seed: number;
      ended: { reason: string };
    };
    expect(game).toMatchObject({ status: 'ended', seed: 2024 });
    expect(game.ended.reason).toMatch(/solved|one_survivor|max_turns|all_eliminated/);
  });

  it('prints events as JSON Lines with --json and exits 2 on a bad environment setting', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arena-play-'));
    const played = arena([
      'play',
      '--seed',
      '5',
      '--max-turns',
      '6',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(played.code).toBe(0);
    const events = played.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; type: string });
    expect(events[0]?.type).toBe('game_created');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events[events.length - 1]?.type).toBe('game_ended');

    const bad = arena(['play', '--data-dir', dataDir], { ARENA_PORT: 'eighty' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ARENA_PORT');
  });
});

/** The event without what differs between two runs of one game: ids, timestamps, latencies. */
function comparable(e: GameEvent): unknown {
  const seqOf = (id: string) => id.split(':')[1];
  const payload =
    e.type === 'model_call'
      ? { ...e.payload, latencyMs: 0 }
      : e.type === 'ground_truth'
        ? { ...e.payload, subjectId: seqOf(e.payload.subjectId) }
        : (e.payload as unknown);
  return {
    seq: e.seq,
    type: e.type,
    causationId: e.causationId ? seqOf(e.causationId) : null,
    payload,
  };
}

async function storedEvents(dataDir: string, gameId: string): Promise<GameEvent[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return await store.load(gameId);
  } finally {
    await store.close();
  }
}

describe('arena resume after the playing process was killed', () => {
  it('finishes the game with no lost or duplicated events, as if never interrupted', async () => {
    // A long game: no eliminations and no early solve, so the kill lands mid-game.
    const parsed = parseScenarioText(
      readFileSync(join(root, 'content/scenarios/city-water.yaml'), 'utf8'),
    );
    if (!parsed.ok) throw parsed.error;
    const scenario = {
      ...parsed.value,
      rules: { elimination: { warmupRounds: 1000 }, solved: { minRounds: 1000 } },
    };
    const scenarioFile = join(mkdtempSync(join(tmpdir(), 'arena-scenario-')), 'long.json');
    writeFileSync(scenarioFile, JSON.stringify(scenario));
    const args = ['--scenario', scenarioFile, '--seed', '77', '--max-turns', '150', '--json'];

    const referenceDir = mkdtempSync(join(tmpdir(), 'arena-ref-'));
    const reference = arena(['play', ...args, '--data-dir', referenceDir]);
    expect(reference.code).toBe(0);
    const referenceId = (JSON.parse(reference.stdout.split('\n')[0] as string) as GameEvent).gameId;

    const dataDir = mkdtempSync(join(tmpdir(), 'arena-killed-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'apps/cli/src/bin.ts', 'play', ...args, '--data-dir', dataDir],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
    );
    let gameId = '';
    let lines = 0;
    let buffered = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const complete = buffered.split('\n');
        buffered = complete.pop() ?? '';
        for (const line of complete) {
          lines += 1;
          if (lines === 1) gameId = (JSON.parse(line) as GameEvent).gameId;
          if (lines === 200) child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const partial = await storedEvents(dataDir, gameId);
    expect(partial.length).toBeGreaterThanOrEqual(200);
    expect(partial[partial.length - 1]?.type).not.toBe('game_ended');

    const resumed = arena(['resume', gameId, '--json', '--data-dir', dataDir]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const printed = resumed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as GameEvent);
    expect(printed[0]?.seq).toBe(partial.length);

    const final = await storedEvents(dataDir, gameId);
    expect(final.map((e) => e.seq)).toEqual(final.map((_, i) => i));
    const expected = await storedEvents(referenceDir, referenceId);
    expect(final.map(comparable)).toEqual(expected.map(comparable));
  });
});
