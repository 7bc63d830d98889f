import { foldGame, type NewEvent } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  it("refuses a folder another live process holds, and takes over a dead holder's lock", async () => {
    const dataDir = join(root, 'locked');
    await mkdir(dataDir, { recursive: true });
    const holder = spawn('sleep', ['30']);
    try {
      await writeFile(join(dataDir, 'arena.lock'), String(holder.pid));
      await expect(openPgliteEventStore({ dataDir })).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.DATA_DIR_LOCKED,
        message: expect.stringContaining(`in use by process ${holder.pid}`),
      });
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const store = await openPgliteEventStore({ dataDir });
    expect(await readFile(join(dataDir, 'arena.lock'), 'utf8')).toBe(String(process.pid));
    await store.close();
    await expect(readFile(join(dataDir, 'arena.lock'), 'utf8')).rejects.toThrow();
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
