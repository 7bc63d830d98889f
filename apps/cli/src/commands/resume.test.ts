import { describe, expect, it } from 'vitest';
import { printedEvents, runArena, storeSuspendedGame, tempDir } from '../cli-run.fixture';

describe('arena resume', () => {
  it('plays a suspended game on from where its log stops, then says it has ended', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 4 });

    const resumed = await runArena(['resume', gameId, '--data-dir', dataDir], { NO_COLOR: '1' });
    expect(resumed.err).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.lines[0]).toMatch(new RegExp(`^Resuming game ${gameId} after turn \\d+\\.$`));
    expect(resumed.out).toContain('Game over:');

    const again = await runArena(['resume', gameId, '--data-dir', dataDir], { NO_COLOR: '1' });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`^Game ${gameId} has already ended \\(\\w+\\)\\.$`));

    const json = await runArena(['resume', gameId, '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    expect(printedEvents(json)).toEqual([]);
  }, 180_000);

  it('reports an unknown game id with exit code 2', async () => {
    const run = await runArena(['resume', 'g-missing', '--data-dir', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('No game with id g-missing');
  });
});
