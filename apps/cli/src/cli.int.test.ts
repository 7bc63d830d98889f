import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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
