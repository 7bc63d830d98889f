import { foldGame, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { openPgliteEventStore } from './pglite-event-store';

describe('openPgliteEventStore with a data directory', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'arena-persistence-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the directory and keeps games across reopening', async () => {
    const dataDir = join(root, 'nested', 'db');
    const newEvents: NewEvent[] = [
      { type: 'game_created', payload: { spec: testSpec() } },
      { type: 'turn_started', payload: { turn: 1, round: 1 } },
    ];
    const log = buildLog('kept', newEvents);

    const first = await openPgliteEventStore({ dataDir });
    await first.append(log);
    await first.close();

    const second = await openPgliteEventStore({ dataDir });
    try {
      expect(await second.load('kept')).toStrictEqual(log);
      expect(foldGame(await second.load('kept')).turn).toBe(1);
      expect(await second.listGames()).toMatchObject([{ gameId: 'kept', turns: 1, lastSeq: 1 }]);
      await second.append(log);
    } finally {
      await second.close();
    }
  });

  it('reports a data directory it cannot create', async () => {
    const blocker = join(root, 'a-file');
    await writeFile(blocker, 'not a directory');
    await expect(openPgliteEventStore({ dataDir: join(blocker, 'db') })).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.OPEN_FAILED,
      details: { dataDir: join(blocker, 'db') },
    });
  });
});
