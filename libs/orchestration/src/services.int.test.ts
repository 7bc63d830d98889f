import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { steppingClock } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { openPostgresEventStore } from '@arena/persistence';
import { createTestDatabase, dropTestDatabase } from '@arena/persistence/testing';
import { openArenaServices } from './services';
import { parseSettings } from './settings';

describe('openArenaServices with DATABASE_URL', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase('services');
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('stores games in that Postgres database, migrated on open', async () => {
    const services = await openArenaServices(parseSettings({ DATABASE_URL: url }), {
      clock: steppingClock(),
    });
    try {
      await services.store.append(
        buildLog('in-postgres', [{ type: 'game_created', payload: { spec: testSpec() } }]),
      );
    } finally {
      await services.close();
    }
    const store = await openPostgresEventStore({ url, migrate: false });
    try {
      expect(await store.getGame('in-postgres')).toMatchObject({ status: 'running', players: 4 });
    } finally {
      await store.close();
    }
  });
});
