import { gameRng, type GameState } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { contribute } from '../prompts/transcript.fixture';
import { startGame } from './sim-game.fixture';
import { SIM_SUMMARY_MAX_CHARS, createSimSummariser } from './sim-summariser';

const rng = gameRng(2, 'sim-summary');

function game(turns: number): GameState {
  const g = startGame();
  const speakers = ['P1', 'P2', 'P3', 'P4'];
  for (let t = 1; t <= turns; t++) {
    contribute(
      g,
      speakers[(t - 1) % 4] ?? 'P1',
      `Idea ${t}: put the piers ${t} metres into bedrock and watch scour weekly. More detail follows here.`,
    );
  }
  return g.state;
}

const ids = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `M${from + i}`);

describe('createSimSummariser', () => {
  it('writes one compact line per message under a counting header', async () => {
    const state = game(3);
    const reply = await createSimSummariser().summarise({
      state,
      previous: '',
      messageIds: ids(1, 3),
      rng,
    });
    expect(reply.value.text).toBe(
      [
        'Summary of M1–M3: 3 messages (3 contributions); latest below.',
        'M1 Ana (contribution): Idea 1: put the piers 1 metres into bedrock and watch scour weekly.',
        'M2 Bo (contribution): Idea 2: put the piers 2 metres into bedrock and watch scour weekly.',
        'M3 Cy (contribution): Idea 3: put the piers 3 metres into bedrock and watch scour weekly.',
      ].join('\n'),
    );
    expect(reply.calls).toEqual([
      {
        model: 'sim',
        purpose: 'summarise',
        params: {},
        usage: {
          inputTokens: expect.any(Number),
          outputTokens: Math.ceil(reply.value.text.length / 4),
        },
        costUsd: 0,
      },
    ]);
  });

  it('merges with the previous summary and stays bounded, dropping the oldest lines', async () => {
    const state = game(60);
    const summariser = createSimSummariser();
    let previous = '';
    for (let from = 1; from <= 60; from += 8) {
      const to = Math.min(60, from + 7);
      previous = (await summariser.summarise({ state, previous, messageIds: ids(from, to), rng }))
        .value.text;
      expect(previous.length).toBeLessThanOrEqual(SIM_SUMMARY_MAX_CHARS);
    }
    const lines = previous.split('\n');
    expect(lines[0]).toBe('Summary of M1–M60: 60 messages (60 contributions); latest below.');
    expect(lines.at(-1)).toMatch(/^M60 Di \(contribution\): Idea 60/);
    expect(previous).not.toMatch(/^M1 /m);
    const numbers = lines.slice(1).map((l) => Number(/^M(\d+) /.exec(l)?.[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBe(60);
  });

  it('is deterministic and returns the previous summary when nothing is new', async () => {
    const state = game(5);
    const once = await createSimSummariser().summarise({
      state,
      previous: '',
      messageIds: ids(1, 5),
      rng,
    });
    const again = await createSimSummariser().summarise({
      state,
      previous: '',
      messageIds: ids(1, 5),
      rng,
    });
    expect(again.value.text).toBe(once.value.text);
    const none = await createSimSummariser().summarise({
      state,
      previous: once.value.text,
      messageIds: [],
      rng,
    });
    expect(none.value.text).toBe(once.value.text);
  });
});
