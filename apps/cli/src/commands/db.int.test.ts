import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresEventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { runArena } from '../cli-run.fixture';

describe('arena db migrate on Postgres', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase('cli');
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('migrates the database of DATABASE_URL once, under its lock', async () => {
    const env = { DATABASE_URL: url };
    const runs = await Promise.all([
      runArena(['db', 'migrate', '--json'], env),
      runArena(['db', 'migrate', '--json'], env),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const reports = runs.map((r) => JSON.parse(r.out) as { applied: string[]; current: string });
    const applied = reports.map((r) => r.applied.length).sort();
    expect(applied[0]).toBe(0);
    expect(reports.flatMap((r) => r.applied)).toContain('0000_init');
    expect(reports[0]).toMatchObject({ database: 'postgres', location: url });

    const again = await runArena(['db', 'migrate'], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^Postgres at .+ is up to date/);

    const store = await openPostgresEventStore({ url, migrate: false });
    expect(await store.listGames()).toEqual([]);
    await store.close();
  });

  it('fails with exit code 1 and the address when Postgres cannot be reached', async () => {
    const run = await runArena(['db', 'migrate'], {
      DATABASE_URL: 'postgres://postgres:hidden@127.0.0.1:1/arena',
    });
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/127\.0\.0\.1:1/);
    expect(run.err).not.toMatch(/hidden/);
  });
});
