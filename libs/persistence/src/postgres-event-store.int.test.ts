import { afterAll, describe, expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { migrationJournal } from './migrations';
import { migrateDatabase, openPostgresEventStore } from './postgres-event-store';
import { eventStoreContract } from './testing';
import { dropTestSchema, TEST_DATABASE_URL, uniqueDatabaseName } from './postgres-testing';

const schemas: string[] = [];
/** A schema no other test file uses, dropped after the file. */
function freshSchema(label: string): string {
  const schema = uniqueDatabaseName(label);
  schemas.push(schema);
  return schema;
}
afterAll(async () => {
  for (const schema of schemas) await dropTestSchema(schema);
});

eventStoreContract('Postgres', (options) =>
  openPostgresEventStore({ url: TEST_DATABASE_URL, schema: freshSchema('contract'), ...options }),
);

describe('Postgres migrations', () => {
  it('lets concurrent migrations of a fresh schema wait for each other', async () => {
    const schema = freshSchema('migrate');
    const all = migrationJournal().map((m) => m.tag);
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => migrateDatabase(TEST_DATABASE_URL, { schema })),
    );
    const applied = reports.map((r) => r.applied).sort((a, b) => b.length - a.length);
    expect(applied).toEqual([all, [], [], []]);
    expect(reports.every((r) => r.current === all.at(-1))).toBe(true);
    expect((await migrateDatabase(TEST_DATABASE_URL, { schema })).applied).toEqual([]);
  });

  it('opens without migrating when told to, and fails loudly on an unreachable server', async () => {
    const schema = freshSchema('no-migrate');
    const store = await openPostgresEventStore({ url: TEST_DATABASE_URL, schema, migrate: false });
    await expect(store.listGames()).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.STORAGE_FAILED,
      message: expect.stringMatching(/could not list games/),
    });
    await store.close();
    const url = 'postgres://postgres:secret@127.0.0.1:1/none';
    const failure = await openPostgresEventStore({ url }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: PERSISTENCE_ERROR_CODES.OPEN_FAILED });
    expect(String((failure as Error).message)).toMatch(/127\.0\.0\.1:1/);
    expect(String((failure as Error).message)).not.toMatch(/secret/);
  });

  it('rejects a malformed URL or schema name', async () => {
    for (const options of [{ url: 'mysql://x' }, { url: TEST_DATABASE_URL, schema: 'Bad-Name' }]) {
      await expect(openPostgresEventStore(options)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
    }
  });
});
