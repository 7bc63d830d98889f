import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GameEvent } from '@arena/models';
import { openPgliteEventStore } from '@arena/persistence';
import { printedEvents, runArena, storeSuspendedGame, tempDir } from '../cli-run.fixture';
import { recordingOutput } from '../testing-output';
import { replayEvents, timedPacing } from './replay';

async function storedEvents(dataDir: string, gameId: string): Promise<GameEvent[]> {
  const store = await openPgliteEventStore({ dataDir: join(dataDir, 'pglite') });
  try {
    return await store.load(gameId);
  } finally {
    await store.close();
  }
}

const noWait = { sleep: async () => undefined, nextTurn: async () => true, interactive: false };

describe('arena replay', () => {
  it('prints the stored events in order (JSON), the transcript (text), and from a turn on', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 6 });
    const events = await storedEvents(dataDir, gameId);

    const json = await runArena([
      'replay',
      gameId,
      '--json',
      '--delay-ms',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expect(json.code).toBe(0);
    expect(printedEvents(json)).toEqual(events);

    const text = await runArena(['replay', gameId, '--delay-ms', '0', '--data-dir', dataDir]);
    const shown = await runArena(['show', gameId, '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    // The same transcript as show; show adds the "not ended" standings after it.
    expect(shown.out.startsWith(text.out)).toBe(true);

    const step = await runArena(['replay', gameId, '--step', '--data-dir', dataDir]);
    expect(step.code).toBe(0);
    expect(step.err).toContain('step mode prints every turn without waiting');
    expect(step.out).toBe(text.out);

    const from = await runArena([
      'replay',
      gameId,
      '--json',
      '--from-turn',
      '2',
      '--data-dir',
      dataDir,
    ]);
    const first = printedEvents(from)[0];
    expect(first).toMatchObject({ type: 'turn_started', payload: { turn: 2 } });
    expect(printedEvents(from)).toEqual(events.filter((e) => e.seq >= (first?.seq ?? 0)));
  }, 120_000);

  it('waits the recorded gaps divided by the speed (capped), or a fixed delay', () => {
    const at = (ms: number) =>
      ({ ts: new Date(Date.UTC(2026, 0, 1) + ms).toISOString() }) as GameEvent;
    expect(timedPacing({}).delayMs(at(0), at(400))).toBe(400);
    expect(timedPacing({ speed: 4 }).delayMs(at(0), at(400))).toBe(100);
    expect(timedPacing({}).delayMs(at(0), at(60_000))).toBe(3000);
    expect(timedPacing({}).delayMs(at(400), at(0))).toBe(0);
    expect(timedPacing({ delayMs: 25 }).delayMs(at(0), at(60_000))).toBe(25);
  });

  it('in step mode on a terminal asks before each turn and stops on q', async () => {
    const dataDir = tempDir();
    const gameId = await storeSuspendedGame(dataDir, { batches: 6 });
    const events = await storedEvents(dataDir, gameId);
    const prompts: string[] = [];
    const answers = [true, true, false];
    const out = recordingOutput();
    await replayEvents(
      events,
      out,
      { json: true, spectator: false, pacing: { mode: 'step', delayMs: () => 0 } },
      {
        ...noWait,
        interactive: true,
        nextTurn: async (prompt) => {
          prompts.push(prompt);
          return answers.shift() ?? false;
        },
      },
    );
    expect(prompts).toEqual([
      '— Enter for turn 1, q to stop —',
      '— Enter for turn 2, q to stop —',
      '— Enter for turn 3, q to stop —',
    ]);
    const printed = out.stdout.map((l) => JSON.parse(l) as GameEvent);
    const turn3 = events.find((e) => e.type === 'turn_started' && e.payload.turn === 3);
    expect(printed).toEqual(events.filter((e) => e.seq < (turn3?.seq ?? -1)));
  }, 60_000);
});
