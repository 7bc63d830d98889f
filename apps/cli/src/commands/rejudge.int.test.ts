import { afterEach, describe, expect, it } from 'vitest';
import { DIMENSIONS, foldGame } from '@arena/models';
import type { LoopbackRequest } from '@arena/agents/testing';
import { printedEvents, runArena, tempDir } from '../cli-run.fixture';
import { loopbackPool } from '../loopback.fixture';

const models = loopbackPool();
afterEach(() => models.closeAll());

const asks = (request: LoopbackRequest, key: string) =>
  JSON.stringify(request.schema ?? {}).includes(`"${key}"`);

/** The message id of the contribution a judge is asked to score. */
function scoredMessageId(request: LoopbackRequest): string | null {
  const prompt = request.messages.at(-1)?.content ?? '';
  const at = prompt.indexOf('The contribution to score');
  return at === -1 ? null : (/\[(M\d+)\]/.exec(prompt.slice(at))?.[1] ?? null);
}

describe('arena rejudge with a model judge (loopback)', () => {
  it('shows the winner and the standings moving to the player the new judge favours', async () => {
    const dataDir = tempDir('arena-rejudge-');
    const played = await runArena([
      'play',
      '--seed',
      '2024',
      '--max-turns',
      '30',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(played.code).toBe(0);
    const events = printedEvents(played);
    const original = foldGame(events);
    const favoured = original.eliminationOrder[0];
    if (!favoured) throw new Error('the played game eliminated nobody');
    const authors = new Map(
      events.flatMap((e) =>
        e.type === 'contribution_accepted'
          ? [[e.payload.messageId, e.payload.playerId] as const]
          : [],
      ),
    );
    const judge = await models.start((request) => {
      const value = authors.get(scoredMessageId(request) ?? '') === favoured ? 1 : 0;
      const reply = asks(request, 'scores')
        ? {
            scores: Object.fromEntries(DIMENSIONS.map((d) => [d, value])),
            rationales: Object.fromEntries(DIMENSIONS.map((d) => [d, `Scored ${value}.`])),
          }
        : asks(request, 'verdict')
          ? { verdict: 'insufficient_evidence', confidence: 0.4, reasoning: 'Not shown.' }
          : { solved: false, reasoning: 'Not yet.' };
      return { text: JSON.stringify(reply) };
    });

    const run = await runArena([
      'rejudge',
      original.gameId,
      '--judge',
      judge.spec,
      '--data-dir',
      dataDir,
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const player = original.players.find((p) => p.id === favoured);
    const label = `${player?.name} (${favoured})`;
    const winner = original.players.find((p) => p.id === original.ended?.winnerId);
    expect(run.lines).toContain(`Winner  ${winner?.name} (${winner?.id}) → ${label}`);
    const row = run.lines.find((l) => l.includes(label));
    expect(row).toMatch(/eliminated .* 1\. active .*▲\d/);
    expect(run.out).toMatch(
      new RegExp(`Re-judging used ${judge.requests.length} model calls, \\d+ tokens`),
    );
    expect(run.lines.at(-1)).toMatch(/^What changed: The winner changes from .* to /);
  });
});
