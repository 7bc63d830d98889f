import { describe, expect, it } from 'vitest';
import type { GameEvent, SpeakingShare } from '@arena/models';
import { printedEvents, runArena, storeSuspendedGame, tempDir } from '../cli-run.fixture';

interface ShownGame {
  status: string;
  turn: number;
  standings: Array<{ playerId: string; turns: number }>;
  speaking: SpeakingShare;
}

/** The rows of the "Speaking share" section: one per player, up to the next blank line. */
function speakingRows(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.startsWith('Speaking share'));
  expect(start).toBeGreaterThan(-1);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.trim() === '');
  return end === -1 ? rest : rest.slice(0, end);
}

describe('arena show: speaking share', () => {
  it('prints and returns the speaking share an ended game recorded', async () => {
    const dataDir = tempDir('arena-show-');
    const played = await runArena([
      'play',
      '--seed',
      '6',
      '--max-turns',
      '18',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(played.code).toBe(0);
    const events = printedEvents(played);
    const id = events[0]?.gameId as string;
    const ended = events.find(
      (e): e is Extract<GameEvent, { type: 'game_ended' }> => e.type === 'game_ended',
    );
    expect(ended?.payload.speaking).toBeDefined();

    const shown = await runArena(['show', id, '--data-dir', dataDir]);
    expect(shown.code).toBe(0);
    const header = shown.lines.find((l) => l.startsWith('Speaking share'));
    expect(header).toMatch(/Gini \d\.\d{3}, largest share \d+\.\d%/);
    const rows = speakingRows(shown.lines);
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toMatch(/ P\d+ +turns +\d+ +share +\d+\.\d% +ratio +\d\.\d{2}$/);
    }

    const json = await runArena(['show', id, '--json', '--data-dir', dataDir]);
    const game = JSON.parse(json.out) as ShownGame;
    expect(game.status).toBe('ended');
    expect(game.speaking.players.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);
    expect(game.speaking.players.reduce((s, p) => s + p.turns, 0)).toBe(game.turn);
    const turns = new Map(game.standings.map((s) => [s.playerId, s.turns]));
    for (const p of game.speaking.players) expect(p.turns).toBe(turns.get(p.playerId));

    expect(game.speaking).toEqual(ended?.payload.speaking);
  });

  it('computes the speaking share of a game that is still running', async () => {
    const dataDir = tempDir('arena-show-running-');
    const id = await storeSuspendedGame(dataDir, { batches: 6 });

    const json = await runArena(['show', id, '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    const game = JSON.parse(json.out) as ShownGame;
    expect(game.status).toBe('running');
    expect(game.turn).toBeGreaterThan(0);
    expect(game.speaking.players.map((p) => p.playerId)).toEqual(['P1', 'P2', 'P3', 'P4']);
    expect(game.speaking.players.reduce((s, p) => s + p.turns, 0)).toBe(game.turn);
    expect(game.speaking.players.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);

    const shown = await runArena(['show', id, '--data-dir', dataDir]);
    expect(shown.out).toContain(`This game has not ended (turn ${game.turn}).`);
    const rows = speakingRows(shown.lines);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^ {2}Ana +P1 +turns/);
  });
});
