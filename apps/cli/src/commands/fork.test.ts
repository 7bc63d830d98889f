import { beforeAll, describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { printedEvents, runArena, storedGameIds, tempDir } from '../cli-run.fixture';

interface DiffJson {
  a: { gameId: string; seed: number; status: string; forkOf: unknown };
  b: { gameId: string; seed: number; status: string; forkOf: unknown };
  players: Array<{ playerId: string; a: { place: number } | null; b: { place: number } | null }>;
  firstDifferentTurn: number | null;
}

describe('arena fork and arena diff', () => {
  const dataDir = tempDir('arena-fork-');
  let sourceId = '';
  let source: GameEvent[] = [];

  beforeAll(async () => {
    const played = await runArena([
      'play',
      '--seed',
      '6',
      '--max-turns',
      '16',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(played.code).toBe(0);
    source = printedEvents(played);
    sourceId = source[0]?.gameId ?? '';
  });

  it('forks a game at turn 10 with another seat model and seed, and plays the fork to the end', async () => {
    expect(source.some((e) => e.type === 'turn_started' && e.payload.turn === 11)).toBe(true);
    const forked = await runArena([
      'fork',
      sourceId,
      '--at',
      '10',
      '--seat',
      '2=sim',
      '--seed',
      '99',
      '--data-dir',
      dataDir,
    ]);
    expect(forked.err).toBe('');
    expect(forked.code).toBe(0);
    const header = forked.lines[0] ?? '';
    const match = /^Forked (\S+) after turn 10 as (g-[0-9a-f]{8}) {2}\(seed 99\)$/.exec(header);
    expect(match?.[1]).toBe(sourceId);
    const forkId = match?.[2] ?? '';
    expect(forked.out).toContain(`Resuming game ${forkId} after turn 10.`);
    expect(forked.out).toContain('── turn 11');
    expect(forked.out).not.toContain('── turn 10 ');
    expect(forked.out).toContain(`Stored as ${forkId}`);
    expect(await storedGameIds(dataDir)).toEqual(expect.arrayContaining([sourceId, forkId]));

    const shown = await runArena(['show', forkId, '--json', '--data-dir', dataDir]);
    expect((JSON.parse(shown.out) as { status: string }).status).toBe('ended');

    const table = await runArena(['diff', sourceId, forkId, '--data-dir', dataDir]);
    expect(table.code).toBe(0);
    expect(table.lines[0]).toBe(`Comparing ${sourceId} with ${forkId}`);
    for (const label of ['origin', 'seed', 'end', 'winner', 'turns', 'model usage']) {
      expect(table.out).toMatch(new RegExp(`^ {2}${label} `, 'm'));
    }
    expect(table.out).toContain(`fork of ${sourceId} after turn 10`);
    expect(table.out).toMatch(/^ {2}seed +6 +99/m);
    for (const name of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'])
      expect(table.out).toContain(`(${name})`);
    expect(table.out).toMatch(
      /The public transcripts (first differ at turn (1[1-9]|[2-9]\d)|are the same)\./,
    );

    const json = await runArena(['diff', sourceId, forkId, '--json', '--data-dir', dataDir]);
    const result = JSON.parse(json.out) as DiffJson;
    expect(result.a).toMatchObject({ gameId: sourceId, seed: 6, status: 'ended', forkOf: null });
    expect(result.b).toMatchObject({
      gameId: forkId,
      seed: 99,
      status: 'ended',
      forkOf: { gameId: sourceId, turn: 10 },
    });
    expect(result.players.map((p) => p.playerId)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(result.players.every((p) => p.a && p.b && p.a.place >= 1 && p.b.place >= 1)).toBe(true);
    if (result.firstDifferentTurn !== null) expect(result.firstDifferentTurn).toBeGreaterThan(10);
  });

  it('prints the fork as JSON Lines, copied turns first, and replays the source with the same seed', async () => {
    const forked = await runArena(['fork', sourceId, '--at', '4', '--json', '--data-dir', dataDir]);
    expect(forked.code).toBe(0);
    const events = printedEvents(forked);
    const created = events[0];
    expect(created?.type).toBe('game_created');
    if (created?.type !== 'game_created') return;
    expect(created.payload.forkOf).toEqual({ gameId: sourceId, turn: 4 });
    expect(events[events.length - 1]?.type).toBe('game_ended');
    const said = (log: GameEvent[]) =>
      log.flatMap((e) => (e.type === 'contribution_accepted' ? [e.payload.text] : []));
    expect(said(events)).toEqual(said(source));

    const table = await runArena(['diff', sourceId, created.gameId, '--data-dir', dataDir]);
    expect(table.out).toContain('The public transcripts are the same.');
  });

  it('exits 2 for an unknown id, a turn out of range, a bad seat number or spec', async () => {
    const fork = (...args: string[]) => runArena(['fork', ...args, '--data-dir', dataDir]);
    const before = await storedGameIds(dataDir);

    const unknown = await fork('g-missing', '--at', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No game with id g-missing');

    const late = await fork(sourceId, '--at', '16');
    expect(late.code).toBe(2);
    expect(late.err).toMatch(/--at: must be at most 15/);

    const noTurn = await fork(sourceId);
    expect(noTurn.code).toBe(2);
    expect(noTurn.err).toContain('--at: is required');

    const seat = await fork(sourceId, '--at', '3', '--seat', '9=sim');
    expect(seat.code).toBe(2);
    expect(seat.err).toContain(
      '--seat 9: no seat 9 in the source game; its seats are 1, 2, 3, 4, 5, 6',
    );

    const spec = await fork(sourceId, '--at', '3', '--seat', '2=gpt-5');
    expect(spec.code).toBe(2);
    expect(spec.err).toMatch(/--seat 2: must be "sim"/);

    const form = await fork(sourceId, '--at', '3', '--seat', 'two=sim');
    expect(form.code).toBe(2);
    expect(form.err).toContain('--seat: must be N=<spec>');

    const judge = await fork(sourceId, '--at', '3', '--judge', 'nonsense');
    expect(judge.code).toBe(2);
    expect(judge.err).toContain('--judge (judge 1)');

    expect(await storedGameIds(dataDir)).toEqual(before);

    const missing = await runArena(['diff', sourceId, 'g-missing', '--data-dir', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No game with id g-missing');
    const one = await runArena(['diff', sourceId, '--data-dir', dataDir]);
    expect(one.code).toBe(2);
  });
});
