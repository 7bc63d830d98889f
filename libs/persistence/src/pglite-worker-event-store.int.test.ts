import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgliteWorkerEventStore } from './pglite-worker-event-store';
import { eventStoreContract } from './testing';

eventStoreContract('PGlite in a worker thread', (options) => openPgliteWorkerEventStore(options));

describe('PGlite in a worker thread', () => {
  it('reports a store that cannot open, with the path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'arena-store-')), 'not-a-folder');
    writeFileSync(file, '');
    const dataDir = join(file, 'pglite');
    await expect(openPgliteWorkerEventStore({ dataDir })).rejects.toMatchObject({
      code: 'PERSISTENCE_OPEN_FAILED',
      message: expect.stringContaining(dataDir),
    });
  });
});
