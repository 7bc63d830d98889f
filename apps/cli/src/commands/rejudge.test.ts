import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import type { RejudgeResult } from '@arena/orchestration';
import { openPgliteEventStore } from '@arena/persistence';
import { printedEvents, runArena, storeSuspendedGame, tempDir, tempFile } from '../cli-run.fixture';

/** One data dir for the file: a finished game played by `arena play`, and a running one. */
let dataDir: string;
let finished: GameEvent[];
let gameId: string;

async function storedEvents(id: string): Promise<GameEvent[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return await store.load(id);
  } finally {
    await store.close();
  }
}

const rejudge = (...args: string[]) => runArena(['rejudge', ...args, '--data-dir', dataDir]);

beforeAll(async () => {
  dataDir = tempDir('arena-rejudge-');
  const played = await runArena([
    'play',
    '--seed',
    '2024',
    '--max-turns',
    '30',
    '--json',
    '--data-dir',
    dataDir,
  ]);
  expect(played.code).toBe(0);
  finished = printedEvents(played);
  gameId = finished[0]?.gameId as string;
  await storeSuspendedGame(dataDir, { batches: 4 });
});

describe('arena rejudge', () => {
  it('prints standings, eliminations and the winner before and after, and stores nothing', async () => {
    const run = await rejudge(gameId, '--judge', 'sim');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const end = finished.at(-1);
    if (end?.type !== 'game_ended') throw new Error('the played game did not end');
    const winner = end.payload.standings.find((s) => s.playerId === end.payload.winnerId);
    expect(run.lines[0]).toBe(`Re-judging ${gameId}  judges sim → sim`);
    for (const heading of [
      'Standings',
      'Eliminations',
      'Mean score per dimension (before → after)',
    ]) {
      expect(run.lines).toContain(heading);
    }
    for (const s of end.payload.standings) {
      const row = run.lines.find(
        (l) => l.includes(`${s.name} (${s.playerId})`) && l.includes(s.status),
      );
      expect(row).toMatch(new RegExp(`${s.place}\\. ${s.status} .* ${s.place}\\. ${s.status} `));
    }
    const winnerName = `${winner?.name} (${winner?.playerId})`;
    expect(run.lines).toContain(`Winner  ${winnerName} → ${winnerName}`);
    expect(run.out).toContain('Re-judging used 0 model calls, 0 tokens, $0.0000');
    expect(run.lines.at(-1)).toBe(`What changed: ${winnerName} still wins and no place changes.`);
    expect(await storedEvents(gameId)).toEqual(finished);
  });

  it('prints the comparison as one JSON object with --json', async () => {
    const run = await rejudge(gameId, '--judge', 'sim', '--json');
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const result = JSON.parse(run.out) as RejudgeResult;
    expect(result.gameId).toBe(gameId);
    expect(result.judges.after).toEqual(['sim']);
    expect(result.players.map((p) => p.after)).toEqual(result.players.map((p) => p.before));
    expect(result.agreement.scores).toBe(1);
    expect(result).not.toHaveProperty('counterfactual');
  });

  it('exits 2 for an unknown id, an unfinished game, a missing --judge or a bad spec', async () => {
    const unknown = await rejudge('g-nowhere', '--judge', 'sim');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toContain('No game with id g-nowhere');

    const running = await rejudge('g-running', '--judge', 'sim');
    expect(running.code).toBe(2);
    expect(running.err).toMatch(/g-running has not ended/);

    const missing = await rejudge(gameId);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--judge: is required');

    const malformed = await rejudge(gameId, '--judge', 'sim', '--judge', 'nope:x');
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(/--judge \(judge 2\): Invalid model spec "nope:x"/);

    const tooMany = await rejudge(
      gameId,
      ...Array.from({ length: 6 }, () => ['--judge', 'sim']).flat(),
    );
    expect(tooMany.code).toBe(2);
    expect(tooMany.err).toContain('--judge: takes at most 5 judges');

    const noKey = await rejudge(gameId, '--judge', 'openai:gpt-4o-mini');
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('OPENAI_API_KEY');

    const noId = await runArena(['rejudge', '--judge', 'sim']);
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('exactly one argument');
    expect(await storedEvents(gameId)).toEqual(finished);
  });

  it('exits 1 when the store cannot be opened', async () => {
    const notADir = tempFile('data-dir', 'a file, not a directory');
    const run = await runArena(['rejudge', gameId, '--judge', 'sim', '--data-dir', notADir]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^arena rejudge failed: Could not open the event store/);
  });

  it('prints its help with --help', async () => {
    const run = await runArena(['rejudge', '--help']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('arena rejudge <game-id> --judge <spec>');
  });
});
