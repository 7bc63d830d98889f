import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { envelopeEvent, type GameEvent } from '@arena/models';
import { eventsToJsonLines } from '@arena/orchestration';
import { openPgliteEventStore } from '@arena/persistence';
import { printedEvents, runArena, tempDir } from '../cli-run.fixture';

function embeddedEvents(html: string): unknown {
  const block = /<script type="application\/json" id="arena-events">([\s\S]*?)<\/script>/.exec(
    html,
  );
  return JSON.parse(block?.[1] ?? 'null');
}

describe('arena export', () => {
  let dataDir: string;
  let events: GameEvent[];
  let gameId: string;
  beforeAll(async () => {
    dataDir = tempDir('arena-export-');
    const played = await runArena([
      'play',
      '--seed',
      '5',
      '--max-turns',
      '8',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(played.code).toBe(0);
    events = printedEvents(played);
    gameId = events[0]?.gameId ?? '';
  });

  const arena = (...args: string[]) => runArena(['export', ...args, '--data-dir', dataDir]);

  it('prints the events as canonical JSON Lines', async () => {
    const run = await arena(gameId, '--format', 'jsonl');
    expect(run.code).toBe(0);
    expect(run.err).toBe('');
    expect(`${run.out}\n`).toBe(eventsToJsonLines(events));
  });

  it('writes a Markdown transcript to --out, leaving no temporary file behind', async () => {
    const dir = tempDir('arena-export-md-');
    const file = join(dir, 'game.md');
    writeFileSync(file, 'an older export');
    const run = await arena(gameId, '--format', 'md', '--out', file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Exported game ${gameId} as md to ${file}`);
    expect(readdirSync(dir)).toEqual(['game.md']);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown).toMatch(new RegExp(`^# .+ — game ${gameId}\\n`));
    for (const heading of ['## Transcript', '## Final standings', '## Spectator notes']) {
      expect(markdown).toContain(`\n${heading}\n`);
    }
  });

  it('writes a self-contained HTML replay whose embedded events are the log', async () => {
    const file = join(tempDir('arena-export-html-'), 'replay.html');
    const written = await arena(gameId, '--format', 'html', '--out', file);
    expect(written.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\/|<script[^>]*\ssrc/);
    expect(embeddedEvents(html)).toEqual(events);
    const printed = await arena(gameId, '--format', 'html');
    expect(`${printed.out}\n`).toBe(html);
  });

  it('refuses an unknown game id, a bad or missing format and a bad argument count with exit 2', async () => {
    const file = join(tempDir('arena-export-none-'), 'none.md');
    const missing = await arena('g-missing', '--format', 'md', '--out', file);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No game with id g-missing');
    expect(existsSync(file)).toBe(false);

    const format = await arena(gameId, '--format', 'pdf');
    expect(format.code).toBe(2);
    expect(format.err).toContain('--format: unknown format "pdf"; allowed: jsonl, md, html');
    const noFormat = await arena(gameId);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toContain('--format: is required; allowed: jsonl, md, html');
    const noId = await arena('--format', 'md');
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('export takes exactly one argument: the game id');
    const flag = await arena(gameId, '--format', 'md', '--pages', '3');
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/--pages.*Allowed flags: --format, --out/s);
  });

  it('refuses an --out path it cannot write with exit 2, before exporting anything', async () => {
    const dir = tempDir('arena-export-out-');
    const notAFolder = join(dir, 'file.txt');
    writeFileSync(notAFolder, 'x');
    mkdirSync(join(dir, 'folder'));
    const cases: Array<[string, string]> = [
      [join(dir, 'missing', 'game.md'), 'does not exist'],
      [join(notAFolder, 'game.md'), 'is not a folder'],
      [join(dir, 'folder'), 'it is a directory'],
    ];
    for (const [out, reason] of cases) {
      const run = await arena(gameId, '--format', 'md', '--out', out);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`--out: cannot write ${out}: `);
      expect(run.err).toContain(reason);
    }
    expect(readdirSync(dir).sort()).toEqual(['file.txt', 'folder']);
  });

  it('exports a game that has not ended, marked as in progress', async () => {
    const unfinished = events
      .slice(
        0,
        events.findIndex((e) => e.type === 'turn_started' && e.payload.turn === 4),
      )
      .map((e) => envelopeEvent('g-unfinished', e.seq, Date.parse(e.ts), e));
    const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
    try {
      await store.append(unfinished);
    } finally {
      await store.close();
    }
    const md = await arena('g-unfinished', '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.out).toContain('> **In progress:** this game has not ended');
    expect(md.out).toContain('\n## Standings so far\n');
    const html = await arena('g-unfinished', '--format', 'html');
    expect(html.code).toBe(0);
    expect(embeddedEvents(html.out)).toEqual(unfinished);
  });
});
