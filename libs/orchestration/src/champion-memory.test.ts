import { describe, expect, it } from 'vitest';
import { createModelRuntime } from '@arena/agents';
import { foldGame, hasErrorCode, type EventOf, type GameEvent } from '@arena/models';
import { createMemoryEventStore, type EventStore } from '@arena/persistence';
import { loadContentCatalog } from './catalog';
import {
  MEMORY_LESSONS,
  championLessonsPrompt,
  distilChampionMemories,
  extractLessons,
  memoryLessons,
  publicGameRecord,
  renderMemory,
} from './champion-memory';
import { eventsToJsonLines } from './export';
import { eventsToHtml } from './export-html';
import { eventsToMarkdown } from './export-markdown';
import { forkGame, lastForkableTurn } from './fork';
import {
  asChampion,
  ended,
  expectNothingHidden,
  ofType,
  play,
  SECRET,
  secretGame,
  services,
  spec,
  winnerAndLoser,
} from './champion-memory.fixture';
import { createGame, createGameFromConfig, playGame, runGame } from './games';
import { DEFAULT_CONTENT_DIR } from './settings';

describe('champion memory at the end of a game', () => {
  it("records the winner's memory right before game_ended, in the game's last batch", async () => {
    const { events, batches, store } = await play(spec());
    const end = ended(events);
    const updates = ofType(events, 'champion_memory_updated');
    expect(updates).toHaveLength(1);
    const update = updates[0] as EventOf<'champion_memory_updated'>;
    expect(events[events.length - 2]).toBe(update);
    expect(batches[batches.length - 1]?.map((e) => e.type).slice(-2)).toEqual([
      'champion_memory_updated',
      'game_ended',
    ]);
    const winner = foldGame(events).spec.seats.find((s) => s.playerId === end.payload.winnerId);
    expect(update.payload).toMatchObject({
      playerId: end.payload.winnerId,
      characterId: winner?.profile.id,
      outcome: 'won',
      record: { games: 1, wins: 1 },
      model: 'sim',
    });
    expect(update.payload.lessons.length).toBeGreaterThanOrEqual(2);
    expect(update.payload.memory.split('\n')[0]).toBe('Record: 1 game, 1 win.');
    expect(memoryLessons(update.payload.memory)).toEqual(update.payload.lessons);
    expect(update.payload.lessons[0]).toMatch(/^Won '/);
    // No model call is made for a `sim` summariser.
    expect(ofType(events, 'model_call').some((e) => e.payload.purpose === 'champion_memory')).toBe(
      false,
    );
    const stored = await store.championHistory(update.payload.characterId);
    expect(stored.map((v) => [v.version, v.gameId, v.seq])).toEqual([[1, 'g-champ', update.seq]]);
  });

  it('distils the same memory for the same game, and again after a crash before the last batch', async () => {
    const reference = await play(spec());
    expect(eventsToJsonLines((await play(spec())).events)).toBe(
      eventsToJsonLines(reference.events),
    );

    const durable = createMemoryEventStore();
    const crashing: EventStore = {
      ...durable,
      append: (batch) =>
        batch.some((e) => e.type === 'game_ended')
          ? Promise.reject(new Error('the process died'))
          : durable.append(batch),
    };
    const first = services(crashing);
    await createGame(first, spec(), { gameId: 'g-champ' });
    await expect(runGame(first, 'g-champ')).rejects.toThrow('the process died');
    const before = await durable.load('g-champ');
    expect(before.some((e) => e.type === 'champion_memory_updated')).toBe(false);

    await runGame(services(durable), 'g-champ');
    // The same events; only the clock (restarted with the process) differs.
    const timeless = (events: readonly GameEvent[]) => events.map((e) => ({ ...e, ts: '' }));
    expect(eventsToJsonLines(timeless(await durable.load('g-champ')))).toBe(
      eventsToJsonLines(timeless(reference.events)),
    );
  });

  it('adds the lessons to the memory a champion came in with, and its record, whether it wins or loses', async () => {
    const { winnerId, loserId } = await winnerAndLoser(spec());
    const earlier = renderMemory(
      ['Quote exactly when you accuse.', 'Build on the quiet players.'],
      {
        games: 4,
        wins: 2,
      },
    );
    const champion = { version: 3, games: 4, wins: 2 };

    const lost = await play(asChampion(spec(), loserId, earlier, champion));
    const lostUpdates = ofType(lost.events, 'champion_memory_updated').map((e) => e.payload);
    const order = spec().seats.map((s) => s.playerId);
    expect(lostUpdates.map((u) => u.playerId)).toEqual(
      order.filter((id) => id === winnerId || id === loserId),
    );
    const beaten = lostUpdates.find((u) => u.playerId === loserId);
    expect(beaten).toMatchObject({ outcome: 'lost', record: { games: 5, wins: 2 } });
    expect(beaten?.lessons[0]).toMatch(/^Lost '/);
    expect(beaten?.memory.split('\n')[0]).toBe('Record: 5 games, 2 wins.');
    expect(memoryLessons(beaten?.memory ?? '')).toEqual([
      'Quote exactly when you accuse.',
      'Build on the quiet players.',
      ...(beaten?.lessons ?? []),
    ]);
    expect(lostUpdates.find((u) => u.playerId === winnerId)).toMatchObject({
      outcome: 'won',
      record: { games: 1, wins: 1 },
    });

    const won = await play(asChampion(spec(), winnerId, earlier, champion));
    const wonUpdates = ofType(won.events, 'champion_memory_updated').map((e) => e.payload);
    expect(wonUpdates).toHaveLength(1);
    expect(wonUpdates[0]).toMatchObject({
      playerId: winnerId,
      outcome: 'won',
      record: { games: 5, wins: 3 },
    });
    expect(memoryLessons(wonUpdates[0]?.memory ?? '').slice(0, 2)).toEqual([
      'Quote exactly when you accuse.',
      'Build on the quiet players.',
    ]);
  });

  it(`keeps the ${MEMORY_LESSONS} most recent lessons`, async () => {
    const { winnerId } = await winnerAndLoser(spec());
    const old = Array.from({ length: MEMORY_LESSONS }, (_, i) => `Old lesson ${i + 1}.`);
    const { events } = await play(
      asChampion(spec(), winnerId, renderMemory(old, { games: 12, wins: 12 }), {
        version: 12,
        games: 12,
        wins: 12,
      }),
    );
    const update = ofType(events, 'champion_memory_updated')[0]?.payload;
    const kept = memoryLessons(update?.memory ?? '');
    const added = update?.lessons ?? [];
    expect(kept).toHaveLength(MEMORY_LESSONS);
    expect(kept.slice(-added.length)).toEqual(added);
    expect(kept.slice(0, MEMORY_LESSONS - added.length)).toEqual(old.slice(added.length));
  });

  it('changes no memory when the game is aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    const { winnerId } = await winnerAndLoser(spec());
    const s = services();
    const champion = asChampion(spec(), winnerId, renderMemory(['x'], { games: 1, wins: 1 }), {
      version: 1,
      games: 1,
      wins: 1,
    });
    const final = await playGame(s, champion, { gameId: 'g-stopped', signal: stop.signal });
    expect(final.ended?.reason).toBe('aborted');
    const events = await s.store.load('g-stopped');
    expect(events.some((e) => e.type === 'champion_memory_updated')).toBe(false);
  });
});

describe('what a memory may hold', () => {
  it('is built from public events only: no scores, rationales, detector hits, policy reasoning or other memories', async () => {
    const { state, winnerId, reason, hiddenNumbers } = await secretGame();
    expect(JSON.stringify(state)).toContain(`${SECRET}-OTHER-MEMORY`);
    const record = publicGameRecord(state, winnerId, 'won', reason);
    expectNothingHidden(JSON.stringify(record), hiddenNumbers);
    expectNothingHidden(
      championLessonsPrompt(record, [], state.spec.context.promptTokens),
      hiddenNumbers,
    );

    const updates = await distilChampionMemories(state, reason, createModelRuntime());
    const mine = updates.find((u) => u.payload.playerId === winnerId);
    expect(mine?.payload.lessons).toEqual(extractLessons(record));
    expectNothingHidden(JSON.stringify(mine), hiddenNumbers);
    // The record is not vacuous: it carries the public transcript.
    expect(record.ownContributions.length).toBeGreaterThan(0);
    expect(record.eliminations.length + record.accusations.length).toBeGreaterThan(0);
  });
});

describe('champions joining a game', () => {
  const catalog = loadContentCatalog(DEFAULT_CONTENT_DIR);
  const players = ['amara-teodoro', 'idris-halloran', 'kestrel-obi', 'nadia-quell'];
  const config = (seats: unknown[]) => ({ scenario: 'city-water', players: seats, maxTurns: 40 });

  it('seats a stored champion with its memory and version, and tells nobody else', async () => {
    const s = services();
    await createGameFromConfig(s, catalog, config(players), { gameId: 'g-1', defaultSeed: 5 });
    const first = await runGame(s, 'g-1');
    const winner = first.players.find((p) => p.id === first.ended?.winnerId);
    if (!winner) throw new Error('expected a winner');
    const stored = await s.store.getChampion(winner.characterId);
    expect(stored).toMatchObject({ version: 1, games: 1, wins: 1 });

    const seats = players.map((character) =>
      character === winner.characterId ? { character, champion: true } : character,
    );
    const second = await createGameFromConfig(s, catalog, config(seats), {
      gameId: 'g-2',
      defaultSeed: 6,
    });
    for (const seat of second.spec.seats) {
      if (seat.profile.id === winner.characterId) {
        expect(seat.memory).toBe(stored?.memory);
        expect(seat.champion).toEqual({ version: 1, games: 1, wins: 1 });
      } else {
        expect(seat.memory).toBeUndefined();
        expect(seat.champion).toBeUndefined();
      }
    }
  });

  it('refuses a champion without a memory, naming the seat and the character, and writes nothing', async () => {
    const s = services();
    const seats = [players[0], { character: 'kestrel-obi', champion: true }, players[1]];
    const failure = await createGameFromConfig(s, catalog, config(seats), {
      gameId: 'g-x',
      defaultSeed: 5,
    }).catch((e: unknown) => e);
    expect(hasErrorCode(failure, 'ORCH_UNKNOWN_CHAMPION')).toBe(true);
    expect((failure as { category: string }).category).toBe('user');
    expect((failure as Error).message).toContain('players.1.champion');
    expect((failure as Error).message).toContain('kestrel-obi');
    expect(await s.store.listGames()).toEqual([]);
  });
});

describe('memory changes in exports and forks', () => {
  it('shows who came in as a champion and each memory change as spectator notes', async () => {
    const { loserId } = await winnerAndLoser(spec());
    const memory = renderMemory(['Quote exactly when you accuse.'], { games: 4, wins: 2 });
    const { events } = await play(
      asChampion(spec(), loserId, memory, { version: 3, games: 4, wins: 2 }),
    );
    const changes = ofType(events, 'champion_memory_updated').map((e) => e.payload);
    const beaten = changes.find((c) => c.playerId === loserId);

    const markdown = eventsToMarkdown(events);
    const notes = markdown.slice(markdown.indexOf('### Champion memory'));
    expect(notes).toContain(
      `(${loserId}) came in as a champion: memory version 3, 4 games, 2 wins.`,
    );
    expect(notes).toContain(
      `(${loserId}) lost: the memory of ${beaten?.characterId} now records 5 games, 2 wins`,
    );
    expect(markdown.indexOf('### Champion memory')).toBeGreaterThan(
      markdown.indexOf('## Spectator notes'),
    );

    const html = eventsToHtml(events);
    expect(html).toContain('champion_memory_updated: function');
    expect(html).toContain('"type":"champion_memory_updated"');
  });

  it('is never copied into a fork, which distils its own at its end', async () => {
    const { events } = await play(spec());
    const s = services();
    const at = lastForkableTurn(foldGame(events));
    const fork = await forkGame(s, events, { gameId: 'g-fork', at });
    const copied = await s.store.load(fork.gameId);
    expect(copied.some((e) => e.type === 'champion_memory_updated')).toBe(false);
    await runGame(s, fork.gameId);
    const played = await s.store.load(fork.gameId);
    expect(ofType(played, 'champion_memory_updated').map((e) => e.payload.lessons)).toEqual(
      ofType(events, 'champion_memory_updated').map((e) => e.payload.lessons),
    );
  });
});
