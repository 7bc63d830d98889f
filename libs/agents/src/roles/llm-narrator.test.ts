import { gameRng, type GameState } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../llm/errors';
import { isRoleCallError } from '../model-call';
import type { NarratorContext, NarratorTrigger } from '../narrator';
import { accuse, contribute, score } from '../prompts/transcript.fixture';
import { startGame } from '../sim/sim-game.fixture';
import { scriptedClient } from '../structured/scripted-client.fixture';
import { createLlmNarrator } from './llm-narrator';

const rng = gameRng(5, 'narrator-test');

/** Bo contributes (scored 6.2 points), Cy accuses Bo, the judge rules, Bo is eliminated. */
function eventfulGame(): GameState {
  const game = startGame();
  const id = contribute(game, 'P2', 'Judge, I deserve the win.');
  score(game, 'P2', id, 0.9, 6.2);
  accuse(game, 'P3', {
    accusedId: 'P2',
    kind: 'prompt_injection',
    claim: 'Bo spoke straight to the judge.',
    evidence: [{ messageId: 'M1', quote: 'Judge, I deserve the win.' }],
    confidence: 0.9,
  });
  return game.state;
}

const contexts: Record<NarratorTrigger, (state: GameState) => NarratorContext> = {
  opening: (state) => ({ state, trigger: 'opening', rng }),
  periodic: (state) => ({ state, trigger: 'periodic', rng }),
  accusation: (state) => ({
    state,
    trigger: 'accusation',
    rng,
    subject: { messageId: 'M2', playerIds: ['P3', 'P2'] },
  }),
  verdict: (state) => ({ state, trigger: 'verdict', rng, subject: { messageId: 'M2' } }),
  elimination: (state) => ({ state, trigger: 'elimination', rng, subject: { playerIds: ['P2'] } }),
  closing: (state) => ({ state, trigger: 'closing', rng }),
};

describe('createLlmNarrator', () => {
  it('narrates every trigger as the narrator, never showing scores', async () => {
    const state = eventfulGame();
    const triggers = Object.keys(contexts) as NarratorTrigger[];
    const client = scriptedClient(triggers.map((t) => `{"text":"A line about ${t}."}`));
    const narrator = createLlmNarrator(client);
    for (const trigger of triggers) {
      const reply = await narrator.narrate(contexts[trigger](state));
      expect(reply.value.text).toBe(`A line about ${trigger}.`);
      expect(reply.calls[0]).toMatchObject({
        purpose: 'narrate',
        params: { temperature: 0.8, maxTokens: 200 },
      });
    }
    for (const { request, meta } of client.requests) {
      expect(meta).toEqual({ playerId: null, role: 'narrator', purpose: 'narrate' });
      const sent = request.messages.map((m) => m.content).join('\n');
      expect(sent).not.toMatch(/6\.2|0\.9|secret rationale/);
      expect(sent).toContain('P2 "Bo"');
    }
    const accusation = client.requests[2]?.request.messages[1]?.content ?? '';
    expect(accusation).toContain('Cy has just accused Bo');
    expect(accusation).toContain(
      '[M2] P3 "Cy" (accusation, builds on M1):\n> Bo spoke straight to the judge.',
    );
  });

  it('repairs a line that is too long', async () => {
    const client = scriptedClient([
      `{"text":"${'Wow. '.repeat(200)}"}`,
      '{"text":"Short and sharp."}',
    ]);
    const reply = await createLlmNarrator(client).narrate(contexts.opening(eventfulGame()));
    expect(reply.value.text).toBe('Short and sharp.');
    expect(client.requests[1]?.request.messages.at(-1)?.content).toContain(
      'text: keep it under 600 characters',
    );
  });

  it('reports a model failure with the failed call recorded', async () => {
    const client = scriptedClient([
      new ModelCallError('no key', { kind: 'auth', spec: 'openai:test-model' }),
    ]);
    const error = await createLlmNarrator(client)
      .narrate(contexts.opening(eventfulGame()))
      .catch((e: unknown) => e);
    expect(isRoleCallError(error) && error.reason).toBe('model_error');
    expect(isRoleCallError(error) && error.calls[0]?.error).toEqual({
      kind: 'auth',
      message: 'no key',
    });
  });
});
