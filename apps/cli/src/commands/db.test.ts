import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgliteEventStore } from '@arena/persistence';
import { runArena, tempDir } from '../cli-run.fixture';

describe('arena db migrate on the embedded store', () => {
  it('applies every migration once, then reports the schema as current', async () => {
    const dataDir = tempDir();
    const env = { ARENA_DATA_DIR: dataDir };
    const first = await runArena(['db', 'migrate', '--json'], env);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as { applied: string[]; current: string };
    expect(report).toMatchObject({ database: 'pglite', location: join(dataDir, 'pglite') });
    expect(report.applied).toContain('0000_init');
    expect(report.applied.at(-1)).toBe(report.current);

    const again = await runArena(['db', 'migrate'], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/is up to date \(schema .+\); no migration applied/);

    const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
    expect(await store.listGames()).toEqual([]);
    await store.close();
  });

  it('prints what it applied in words', async () => {
    const dataDir = tempDir();
    const run = await runArena(['db', 'migrate', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /^Applied \d+ migrations to PGlite at .+: 0000_init, .+\. Schema is now at /,
    );
  });

  it('rejects a missing or unknown subcommand and unknown flags with exit code 2', async () => {
    const env = { ARENA_DATA_DIR: tempDir() };
    for (const argv of [
      ['db'],
      ['db', 'upgrade'],
      ['db', 'migrate', 'now'],
      ['db', 'migrate', '--force'],
    ]) {
      const run = await runArena(argv, env);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err).toMatch(/subcommand, one of: migrate|Unknown option '--force'/);
    }
    const help = await runArena(['db', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/arena db migrate/);
  });
});
