import { hasErrorCode, type GameEvent, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleEventStore } from './drizzle-event-store';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { MIGRATIONS_FOLDER } from './migrations-folder';

/** The event at `index`, which the test knows exists. */
function eventAt(events: readonly GameEvent[], index: number): GameEvent {
  const event = events[index];
  if (!event) throw new Error(`no event at index ${index}`);
  return event;
}

function log(gameId: string, turns: number): GameEvent[] {
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
  for (let turn = 1; turn <= turns; turn++) {
    events.push({ type: 'turn_started', payload: { turn, round: turn } });
  }
  return buildLog(gameId, events);
}

describe('drizzle event store on a shared database', () => {
  let client: PGlite;
  let db: ReturnType<typeof drizzle>;

  beforeAll(async () => {
    client = await PGlite.create();
    db = drizzle({ client });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  });
  afterAll(async () => {
    await client.close();
  });

  it('stays correct when another writer appended behind its back', async () => {
    const writer = createDrizzleEventStore(db);
    const other = createDrizzleEventStore(db);
    const events = log('two-writers', 8);
    await writer.append(events.slice(0, 2));
    await other.append(events.slice(0, 4));
    // The writer still believes seq 1 is the last one stored: its insert meets rows it did
    // not write, and it must re-check them rather than fail.
    await writer.append(events.slice(2, 6));
    // Each now believes the log is shorter than it is: a batch that looks like a gap is not one.
    await other.append(events.slice(6, 7));
    await writer.append(events.slice(7));
    expect(await other.load('two-writers')).toStrictEqual(events);
    expect(await other.getGame('two-writers')).toMatchObject({ turns: 8, lastSeq: 8 });

    await expect(writer.append([{ ...eventAt(events, 8), ts: 'different' }])).rejects.toMatchObject(
      {
        code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
        details: { gameId: 'two-writers', seq: 8 },
      },
    );
    const reusedId = { ...eventAt(log('two-writers', 9), 9), id: eventAt(events, 8).id };
    await expect(other.append([...events.slice(5), reusedId])).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.EVENT_CONFLICT,
      details: { seq: 9, reason: expect.stringMatching(/already used by game two-writers seq 8/) },
    });
  });

  it('names the game and seq of a stored row that is not a valid event', async () => {
    const store = createDrizzleEventStore(db);
    await store.append(log('corrupt', 2));
    await client.query(
      `update events set payload = '{"turn": "one"}' where game_id = $1 and seq = 2`,
      ['corrupt'],
    );
    const failure = await store.load('corrupt').then(
      () => null,
      (error: unknown) => error,
    );
    expect(hasErrorCode(failure, PERSISTENCE_ERROR_CODES.CORRUPT_EVENT)).toBe(true);
    expect(failure).toMatchObject({ details: { gameId: 'corrupt', seq: 2 } });
    expect(String(failure)).toMatch(/event 2 of game corrupt/);
    expect(await store.load('corrupt', { fromSeq: 3 })).toHaveLength(0);
  });

  it('writes the projection in the same statement as the events', async () => {
    const store = createDrizzleEventStore(db);
    await store.append(log('atomic', 1));
    // A failing projection update must roll back the events stored with it.
    await client.exec(
      `create function fail_update() returns trigger language plpgsql as $$ begin raise exception 'projection failed'; end $$;
       create trigger fail_games before update on games for each row when (new.game_id = 'atomic') execute function fail_update();`,
    );
    await expect(store.append(log('atomic', 2).slice(2))).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.STORAGE_FAILED,
      message: expect.stringMatching(/could not append.*projection failed/),
    });
    expect(await store.load('atomic')).toHaveLength(2);
    await client.exec(`drop trigger fail_games on games; drop function fail_update();`);
    await store.append(log('atomic', 2).slice(2));
    expect((await store.getGame('atomic'))?.turns).toBe(2);
  });
});
