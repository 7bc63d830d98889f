import { afterEach, describe, expect, it } from 'vitest';
import { createModelRuntime } from '@arena/agents';
import {
  gameResponder,
  startLoopbackModel,
  type LoopbackModel,
  type LoopbackRequest,
} from '@arena/agents/testing';
import { createInMemoryBus } from '@arena/message-bus';
import {
  DIMENSIONS,
  GameEventSchema,
  foldGame,
  steppingClock,
  type GameEvent,
  type GameSpec,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { createMemoryEventStore } from '@arena/persistence';
import { playGame } from './games';
import { rejudgeGame } from './rejudge';

const running: LoopbackModel[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((m) => m.close()));
});

async function played(spec: GameSpec): Promise<GameEvent[]> {
  const services = {
    store: createMemoryEventStore(),
    bus: createInMemoryBus(),
    clock: steppingClock(),
  };
  await playGame(services, spec, { gameId: 'g-played' });
  return services.store.load('g-played');
}

/** The first of `seeds` whose sim game satisfies `wanted` (the games are deterministic). */
async function firstGame(
  seeds: number[],
  wanted: (events: GameEvent[]) => boolean,
): Promise<GameEvent[]> {
  for (const seed of seeds) {
    const events = await played(testSpec({ maxTurns: 40, policy: 'weighted', seed }));
    if (wanted(events)) return events;
  }
  throw new Error('no game among the seeds has what the test needs');
}

const schemaHas = (request: LoopbackRequest, key: string) =>
  JSON.stringify(request.schema ?? {}).includes(`"${key}"`);

/** The message id of the contribution a judge is asked to score. */
function scoredMessageId(request: LoopbackRequest): string | null {
  const prompt = request.messages.at(-1)?.content ?? '';
  const at = prompt.indexOf('The contribution to score');
  return at === -1 ? null : (/\[(M\d+)\]/.exec(prompt.slice(at))?.[1] ?? null);
}

interface JudgeScript {
  /** The score of every dimension for the contribution with this message id. */
  score: (messageId: string | null) => number;
  verdict: { verdict: string; confidence: number };
}

async function loopbackJudge(script: JudgeScript): Promise<{ spec: string; model: LoopbackModel }> {
  const model = await startLoopbackModel((request) => {
    let reply: unknown;
    if (schemaHas(request, 'scores')) {
      const value = script.score(scoredMessageId(request));
      reply = {
        scores: Object.fromEntries(DIMENSIONS.map((d) => [d, value])),
        rationales: Object.fromEntries(DIMENSIONS.map((d) => [d, `Scored ${value}.`])),
      };
    } else if (schemaHas(request, 'verdict')) {
      reply = { ...script.verdict, reasoning: 'The quoted words decide it.' };
    } else {
      reply = { solved: false, reasoning: 'A required part still lacks a concrete proposal.' };
    }
    return { text: JSON.stringify(reply) };
  });
  running.push(model);
  return { spec: `openai-compatible:${model.url}/v1#judge`, model };
}

const runtime = () => createModelRuntime({ retry: { maxRetries: 0 }, timeoutMs: 10_000 });

const authors = (events: readonly GameEvent[]) =>
  new Map(
    events.flatMap((e) =>
      e.type === 'contribution_accepted'
        ? [[e.payload.messageId, e.payload.playerId] as const]
        : [],
    ),
  );

/** What must hold in any counterfactual log: valid events, and nobody acting after elimination. */
function expectConsistent(log: readonly GameEvent[]): void {
  for (const e of log) GameEventSchema.parse(e);
  const out = new Set<string>();
  for (const e of log) {
    if (e.type === 'speaker_selected' || e.type === 'contribution_accepted') {
      expect(out.has(e.payload.playerId)).toBe(false);
    }
    if (e.type === 'accusation_filed') {
      expect(out.has(e.payload.accuserId)).toBe(false);
      expect(out.has(e.payload.accusedId)).toBe(false);
    }
    if (e.type === 'player_eliminated') out.add(e.payload.playerId);
  }
  expect(foldGame(log).eliminationOrder).toEqual([...out]);
}

/**
 * A log without the measured latency of model calls, and without their timestamps: the new
 * judge's calls are stamped with the time of the ruling they belong to.
 */
const timeless = (log: readonly GameEvent[]) =>
  log.map((e) =>
    e.type === 'model_call' ? { ...e, ts: '', payload: { ...e.payload, latencyMs: 0 } } : e,
  );

describe('rejudgeGame with a model judge (loopback)', () => {
  it('reproduces a game judged by the same model judge, asking it the same questions', async () => {
    const model = await startLoopbackModel(gameResponder({ seed: 5 }));
    running.push(model);
    const spec = `openai-compatible:${model.url}/v1#judge`;
    const services = {
      store: createMemoryEventStore(),
      bus: createInMemoryBus(),
      clock: steppingClock(),
      models: runtime(),
    };
    const game = testSpec({ maxTurns: 24, policy: 'weighted', seed: 9 });
    game.officials = { ...game.officials, judge: ['sim', spec] };
    await playGame(services, game, { gameId: 'g-model-judged' });
    const events = await services.store.load('g-model-judged');
    const prompts = (requests: readonly LoopbackRequest[]) =>
      requests.map((r) => JSON.stringify(r.messages)).sort();
    const asked = prompts(model.requests);

    const result = await rejudgeGame(events, { judge: ['sim', spec], models: runtime() });

    expect(timeless(result.counterfactual)).toEqual(timeless(events));
    // The same questions on the same states (in whatever order the calls overlap).
    expect(prompts(model.requests.slice(asked.length))).toEqual(asked);
    expect(result.agreement.scores).toBe(1);
    expect(result.usage.calls).toBe(asked.length);
    for (const p of result.players) expect(p.after).toEqual(p.before);
  });

  it('moves the standings and the winner towards the player the new judge favours', async () => {
    const events = await firstGame([2024, 21, 7, 11], (e) =>
      e.some((x) => x.type === 'player_eliminated'),
    );
    const original = foldGame(events);
    const favoured = original.eliminationOrder[0] as string;
    expect(original.ended?.winnerId).not.toBe(favoured);
    const byMessage = authors(events);
    const { spec, model } = await loopbackJudge({
      score: (id) => (id !== null && byMessage.get(id) === favoured ? 1 : 0),
      verdict: { verdict: 'insufficient_evidence', confidence: 0.4 },
    });

    const result = await rejudgeGame(events, { judge: [spec], models: runtime() });

    expectConsistent(result.counterfactual);
    const row = (id: string) => result.players.find((p) => p.playerId === id);
    expect(result.ending.after.winnerId).toBe(favoured);
    expect(row(favoured)?.after.place).toBe(1);
    expect(row(favoured)?.after.status).toBe('active');
    expect(row(favoured)?.after.standing).toBeGreaterThan(row(favoured)?.before.standing ?? 1);
    const formerWinner = original.ended?.winnerId as string;
    expect(row(formerWinner)?.after.place).toBeGreaterThan(1);
    for (const p of result.players) {
      if (p.playerId !== favoured) expect(p.after.points).toBeLessThanOrEqual(0);
    }
    expect(result.eliminations.after.map((e) => e.playerId)).not.toContain(favoured);
    // The former winner's memory change no longer holds; the played log had it.
    const memoryOf = (log: readonly GameEvent[]) =>
      log.filter((e) => e.type === 'champion_memory_updated').map((e) => e.payload.playerId);
    expect(memoryOf(events)).toEqual([formerWinner]);
    expect(memoryOf(result.counterfactual)).toEqual([]);
    expect(result.summary).toContain('winner changes');
    // The judge scored every recorded contribution; each request is one recorded call.
    const scored = events.filter((e) => e.type === 'contribution_scored').length;
    expect(result.agreement.contributions).toBe(scored);
    expect(result.agreement.scores).toBeLessThan(1);
    expect(result.usage.calls).toBe(model.requests.length);
    expect(result.usage.byModel).toEqual([
      expect.objectContaining({ model: spec, calls: model.requests.length }),
    ]);
    expect(model.requests.filter((r) => schemaHas(r, 'scores'))).toHaveLength(scored);
    const share = [...byMessage.values()].filter((id) => id === favoured).length / byMessage.size;
    expect(result.dimensions.novelty.after).toBeCloseTo(share, 3);
    // The counterfactual log folds with the real reducer and names its judges.
    const folded = foldGame(result.counterfactual);
    expect(folded.spec.officials.judge).toEqual([spec]);
    expect(folded.players.find((p) => p.id === favoured)?.status).toBe('active');
  });

  it('eliminates the accused at once when the new judge proves an accusation the old one did not', async () => {
    const events = await firstGame([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], (e) => {
      const valid = new Set(
        e.flatMap((x) =>
          x.type === 'evidence_checked' && x.payload.valid ? [x.payload.accusationId] : [],
        ),
      );
      return e.some(
        (x) =>
          x.type === 'verdict_reached' &&
          x.payload.verdict !== 'proven' &&
          valid.has(x.payload.accusationId),
      );
    });
    const { spec } = await loopbackJudge({
      score: () => 0.5,
      verdict: { verdict: 'proven', confidence: 0.95 },
    });
    const result = await rejudgeGame(events, { judge: [spec], models: runtime() });
    const cf = result.counterfactual;
    expectConsistent(cf);
    const proven = cf.filter((e) => e.type === 'verdict_reached' && e.payload.verdict === 'proven');
    expect(proven.length).toBeGreaterThan(0);
    for (const verdict of proven) {
      const eliminated = cf.find(
        (e) => e.type === 'player_eliminated' && e.causationId === verdict.id,
      );
      expect(eliminated).toMatchObject({ payload: { cause: 'proven_accusation' } });
    }
    expect(result.eliminations.after.some((e) => e.cause === 'proven_accusation')).toBe(true);
    expect(result.agreement.verdicts.same).toBeLessThan(result.agreement.verdicts.compared);
  });

  it('halves a false accuser and spares the accused when the new judge rejects a proven accusation', async () => {
    const events = await firstGame([2024, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (e) =>
      e.some((x) => x.type === 'verdict_reached' && x.payload.verdict === 'proven'),
    );
    const { spec } = await loopbackJudge({
      score: () => 0.5,
      verdict: { verdict: 'false', confidence: 0.05 },
    });
    const result = await rejudgeGame(events, { judge: [spec], models: runtime() });
    const before = events.find(
      (e) => e.type === 'verdict_reached' && e.payload.verdict === 'proven',
    );
    if (before?.type !== 'verdict_reached') throw new Error('no proven verdict');
    const after = result.counterfactual.find(
      (e) => e.type === 'verdict_reached' && e.payload.accusationId === before.payload.accusationId,
    );
    expect(after).toMatchObject({ payload: { verdict: 'false', accuserPenaltyFactor: 0.5 } });
    const cause = (e: GameEvent) => e.type === 'player_eliminated' && e.causationId === after?.id;
    expect(result.counterfactual.some(cause)).toBe(false);
    expect(result.eliminations.after.some((e) => e.cause === 'proven_accusation')).toBe(false);
  });
});
