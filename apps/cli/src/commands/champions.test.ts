import { beforeAll, describe, expect, it } from 'vitest';
import type { EventOf, GameEvent } from '@arena/models';
import { printedEvents, runArena, storedGameIds, tempDir } from '../cli-run.fixture';

interface ChampionJson {
  characterId: string;
  name: string;
  version: number;
  record: { games: number; wins: number };
  lastGameId: string;
  updatedAt: string;
  memory?: string;
  history?: Array<{
    version: number;
    gameId: string;
    seq: number;
    outcome: 'won' | 'lost';
    record: { games: number; wins: number };
    lessons: string[];
    memory: string;
  }>;
}

const find = <T extends GameEvent['type']>(events: readonly GameEvent[], type: T) =>
  events.find((e): e is EventOf<T> => e.type === type);

describe('arena champions and arena champion', () => {
  const dataDir = tempDir('arena-champions-');
  const at = ['--data-dir', dataDir];
  let first: GameEvent[] = [];
  let winner = '';

  beforeAll(async () => {
    const played = await runArena(['play', '--seed', '3', '--max-turns', '30', '--json', ...at]);
    expect(played.code).toBe(0);
    first = printedEvents(played);
    const winnerId = find(first, 'game_ended')?.payload.winnerId;
    const seat = find(first, 'game_created')?.payload.spec.seats.find(
      (s) => s.playerId === winnerId,
    );
    winner = seat?.profile.id ?? '';
    expect(winner).not.toBe('');
  });

  it('makes the winner of a game a champion with memory version 1', async () => {
    const listed = await runArena(['champions', '--json', ...at]);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.out) as ChampionJson[];
    expect(list).toEqual([
      expect.objectContaining({
        characterId: winner,
        version: 1,
        record: { games: 1, wins: 1 },
        lastGameId: first[0]?.gameId,
      }),
    ]);

    const table = await runArena(['champions', ...at]);
    expect(table.lines[0]).toBe('Champions (most wins first)');
    expect(table.out).toMatch(
      new RegExp(`^ {2}${winner} .* 1 game, 1 win .*${first[0]?.gameId}`, 'm'),
    );

    const shown = await runArena(['champion', winner, ...at]);
    expect(shown.code).toBe(0);
    expect(shown.lines[0]).toContain(`(${winner}) — champion memory version 1`);
    expect(shown.out).toContain('  Record: 1 game, 1 win.');
    expect(shown.out).toContain('  - Won ');
  });

  it('seats the champion with its memory in a later game, which records version 2', async () => {
    const stored = JSON.parse(
      (await runArena(['champion', winner, '--json', ...at])).out,
    ) as ChampionJson;
    const played = await runArena([
      'play',
      '--champion',
      winner,
      '--seed',
      '4',
      '--max-turns',
      '30',
      '--json',
      ...at,
    ]);
    expect(played.code).toBe(0);
    const second = printedEvents(played);
    const secondId = second[0]?.gameId ?? '';
    for (const seat of find(second, 'game_created')?.payload.spec.seats ?? []) {
      if (seat.profile.id === winner) {
        expect(seat.memory).toBe(stored.memory);
        expect(seat.champion).toEqual({ version: 1, games: 1, wins: 1 });
      } else {
        expect(seat).not.toHaveProperty('memory');
      }
    }

    const shown = await runArena(['champion', winner, '--history', '--json', ...at]);
    const result = JSON.parse(shown.out) as ChampionJson;
    const change = second.find(
      (e): e is EventOf<'champion_memory_updated'> =>
        e.type === 'champion_memory_updated' && e.payload.characterId === winner,
    );
    expect(change).toBeDefined();
    expect(result.version).toBe(2);
    expect(result.record.games).toBe(2);
    expect(result.history?.map((v) => [v.version, v.gameId])).toEqual([
      [1, first[0]?.gameId],
      [2, secondId],
    ]);
    const latest = result.history?.[1];
    expect(latest).toMatchObject({
      seq: change?.seq,
      outcome: change?.payload.outcome,
      record: { games: 2, wins: change?.payload.outcome === 'won' ? 2 : 1 },
      lessons: change?.payload.lessons,
    });
    // The new lessons follow the latest of the earlier ones (a game adds at most 8 of 12).
    expect(latest?.memory).toContain(result.history?.[0]?.lessons.at(-1) ?? '-');

    const text = await runArena(['champion', winner, '--history', ...at]);
    expect(text.out).toContain('History (oldest first)');
    expect(text.out).toMatch(new RegExp(`Version 2 · game ${secondId} \\(event ${change?.seq}\\)`));
  });

  it('rejects unknown champions and bad flags with exit code 2', async () => {
    const games = await storedGameIds(dataDir);
    const cases: Array<[string[], RegExp]> = [
      [['champion', 'nobody', ...at], /no champion "nobody"; champions: /],
      [['champion', ...at], /exactly one argument/],
      [['champion', winner, 'extra', ...at], /exactly one argument/],
      [['champion', winner, '--bogus', ...at], /--bogus.*Allowed flags/s],
      [['champions', 'extra', ...at], /extra/],
      [['champions', '--history', ...at], /--history/],
      [['play', '--champion', 'nobody', ...at], /--champion: "nobody" is not among the players/],
      [['play', '--champion', '', ...at], /--champion: needs a character id/],
    ];
    for (const [argv, message] of cases) {
      const run = await runArena(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err).toMatch(message);
    }
    const champions = (
      JSON.parse((await runArena(['champions', '--json', ...at])).out) as ChampionJson[]
    ).map((c) => c.characterId);
    const loser = find(first, 'game_created')?.payload.spec.seats.find(
      (s) => !champions.includes(s.profile.id),
    );
    const notChampion = await runArena([
      'play',
      '--players',
      `${winner},${loser?.profile.id}`,
      '--champion',
      loser?.profile.id ?? '',
      ...at,
    ]);
    expect(notChampion.code).toBe(2);
    expect(notChampion.err).toContain(`players.1.champion: character "${loser?.profile.id}"`);
    expect(await storedGameIds(dataDir)).toEqual(games);
  });
});
