import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRuntime, createSimPlayer, type PlayerAgent } from '@arena/agents';
import {
  hashedBagOfWords,
  startLoopbackModel,
  type LoopbackEmbedder,
  type LoopbackModel,
} from '@arena/agents/testing';
import { createInMemoryBus } from '@arena/message-bus';
import { steppingClock, type GameEvent, type PayloadOf } from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { textSimilarity } from '@arena/scoring';
import { playGame, runGame } from './games';
import { parseSettings } from './settings';

const ORIGINAL =
  'Anchor every pier to bedrock with steel piles, then inspect the scour after each spring flood.';
/** The same proposal in other words, in short clauses: it shares almost no word sequence. */
const PARAPHRASE = 'Fix each column to rock; metal stakes hold it; check erosion after floods.';
const FRESH =
  'Put a gauge upstream with an alert threshold, so crews close the crossing before the water rises.';

/** Words of the scenario and their synonyms: the loopback's stand-in for meaning. */
const SYNONYMS: Record<string, string> = {
  fix: 'anchor',
  column: 'pier',
  rock: 'bedrock',
  metal: 'steel',
  stake: 'pile',
  check: 'inspect',
  erosion: 'scour',
};
const CONCEPTS = new Set([
  ...Object.values(SYNONYMS),
  ...'spring flood gauge upstream alert threshold crew close crossing water rise deck hinge'.split(
    ' ',
  ),
]);

/** A deterministic meaning vector: synonyms share a word, words outside the topic are dropped. */
const meaningEmbedder: LoopbackEmbedder = (request) => ({
  vectors: request.texts.map((text) => {
    const words = (text.toLowerCase().match(/[a-z]+/g) ?? [])
      .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w))
      .map((w) => SYNONYMS[w] ?? w)
      .filter((w) => CONCEPTS.has(w));
    return hashedBagOfWords(words.join(' '), 128);
  }),
});

/** P1 opens with ORIGINAL; P2 first proposes PARAPHRASE, then FRESH; the rest is the simulator's. */
function scriptedPlayers(): PlayerAgent {
  const sim = createSimPlayer();
  return {
    ...sim,
    act: async (ctx) => {
      if (ctx.playerId === 'P1' && ctx.state.turn === 1) {
        return { value: { action: 'contribute', text: ORIGINAL, cites: [] }, calls: [] };
      }
      if (ctx.playerId === 'P2' && ctx.state.turn === 2) {
        const text = ctx.attempt === 1 ? PARAPHRASE : FRESH;
        return { value: { action: 'contribute', text, cites: [] }, calls: [] };
      }
      return sim.act(ctx);
    },
  };
}

let server: LoopbackModel;
let failing = false;

beforeAll(async () => {
  server = await startLoopbackModel(() => ({ text: 'unused' }), {
    embedder: (request) => (failing ? { status: 500 } : meaningEmbedder(request)),
  });
});
afterAll(() => server.close());

async function play(
  embeddings: boolean,
  options: { suspendAfterTurn?: number } = {},
): Promise<GameEvent[]> {
  const settings = parseSettings({
    OLLAMA_BASE_URL: server.url,
    ...(embeddings ? { ARENA_EMBEDDINGS: 'ollama:nomic-embed-text' } : {}),
  });
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
    models: createModelRuntime({
      providers: { ollama: { baseUrl: settings.OLLAMA_BASE_URL } },
      retry: { maxRetries: 0 },
      ...(settings.ARENA_EMBEDDINGS ? { embeddings: settings.ARENA_EMBEDDINGS } : {}),
    }),
    createPlayer: () => scriptedPlayers(),
  };
  const suspend = new AbortController();
  await playGame(services, testSpec({ maxTurns: 4 }), {
    gameId: 'g-embed',
    suspend: suspend.signal,
    onEvents: (batch) => {
      const turn = options.suspendAfterTurn;
      if (batch.some((e) => e.type === 'turn_started' && e.payload.turn === turn)) suspend.abort();
    },
  });
  if (suspend.signal.aborted) await runGame(services, 'g-embed');
  return services.store.load('g-embed');
}

const payloads = <T extends GameEvent['type']>(events: GameEvent[], type: T) =>
  events.filter((e) => e.type === type).map((e) => e.payload as PayloadOf<T>);

describe('the anti-repetition gate with embeddings', () => {
  it('lets the paraphrase through on words alone', async () => {
    expect(textSimilarity(ORIGINAL, PARAPHRASE)).toBeLessThan(0.2);
    const events = await play(false);
    expect(payloads(events, 'contribution_accepted').map((p) => p.text)).toContain(PARAPHRASE);
    expect(payloads(events, 'model_call').filter((p) => p.purpose === 'embed')).toEqual([]);
  });

  it('rejects the paraphrase by its meaning, naming the message it repeats', async () => {
    failing = false;
    const events = await play(true);
    const original = payloads(events, 'contribution_accepted').find((p) => p.text === ORIGINAL);
    const rejected = payloads(events, 'contribution_rejected');
    expect(rejected).toEqual([
      expect.objectContaining({
        turn: 2,
        playerId: 'P2',
        attempt: 1,
        reason: 'repeat',
        repeatsMessageId: original?.messageId,
      }),
    ]);
    expect(rejected[0]?.similarity).toBeGreaterThanOrEqual(0.55);
    const accepted = payloads(events, 'contribution_accepted').map((p) => p.text);
    expect(accepted).not.toContain(PARAPHRASE);
    expect(accepted).toContain(FRESH);
    // One embedding call per proposal, made for the judge and paid by no seat.
    const proposals = payloads(events, 'contribution_proposed').length;
    const embeds = payloads(events, 'model_call').filter((p) => p.purpose === 'embed');
    expect(embeds).toHaveLength(proposals);
    for (const call of embeds) {
      expect(call).toMatchObject({
        role: 'judge',
        playerId: null,
        model: 'ollama:nomic-embed-text',
      });
    }
    expect(server.embeddings.length).toBeGreaterThanOrEqual(proposals);
  });

  it('embeds the transcript of a resumed game before it plays on', async () => {
    const events = await play(true, { suspendAfterTurn: 3 });
    expect(payloads(events, 'contribution_rejected')).toHaveLength(1);
    const embeds = payloads(events, 'model_call').filter((p) => p.purpose === 'embed');
    // Every proposal, and once more the contributions the resumed game rebuilt its index from.
    expect(embeds).toHaveLength(payloads(events, 'contribution_proposed').length + 1);
    expect(events.at(-1)?.type).toBe('game_ended');
  });

  it('falls back to words and records the failure when the embedding call fails', async () => {
    failing = true;
    try {
      const events = await play(true);
      const failed = payloads(events, 'call_failed').filter((p) => p.purpose === 'embed');
      expect(failed.length).toBe(payloads(events, 'contribution_proposed').length);
      expect(failed[0]).toMatchObject({ role: 'judge', reason: 'model_error' });
      expect(payloads(events, 'contribution_accepted').map((p) => p.text)).toContain(PARAPHRASE);
      expect(events.at(-1)?.type).toBe('game_ended');
    } finally {
      failing = false;
    }
  });
});

describe('ARENA_EMBEDDINGS', () => {
  it('names the variable and the accepted forms when it cannot be used', () => {
    expect(() => parseSettings({ ARENA_EMBEDDINGS: 'anthropic:claude-3' })).toThrow(
      /ARENA_EMBEDDINGS: must be openai:<model>, ollama:<model>, openai-compatible:<base-url>#<model>/,
    );
    expect(parseSettings({ ARENA_EMBEDDINGS: 'openai:text-embedding-3-small' })).toMatchObject({
      ARENA_EMBEDDINGS: 'openai:text-embedding-3-small',
    });
    expect(parseSettings({}).ARENA_EMBEDDINGS).toBeUndefined();
  });
});
