import { describe, expect, it } from 'vitest';
import { BUDGET_ERROR_CODE } from '../llm/errors';
import type { ChatResponse, ModelClient } from '../llm/types';
import type { PriceTable } from './accounting';
import { BudgetLedger } from './budget';
import type { Cassette } from './cassette';
import { composeClient, type ClientParts } from './compose';
import {
  callMeta,
  chatRequest,
  fakeClient,
  modelError,
  modelFailure,
  type FakeStep,
} from './fake-client.fixture';
import { manualTiming, type ManualTiming } from './manual-timing.fixture';
import { createMemoryCassette } from './memory-cassette';
import { createRateLimiter } from './rate-limit';
import { DEFAULT_RETRY_POLICY } from './retry';

const prices: PriceTable = { 'fake:*': { inputPerMTok: 1, outputPerMTok: 4 } };

function parts(cassette?: Cassette): ClientParts & { ledger: BudgetLedger; timing: ManualTiming } {
  const timing = manualTiming();
  return {
    timing,
    timeoutMs: 1000,
    retry: DEFAULT_RETRY_POLICY,
    limiter: createRateLimiter({ requestsPerMinute: 600 }, timing),
    ledger: new BudgetLedger({ game: {}, seat: {}, elapsedMs: () => timing.clock.now() }),
    prices,
    cassette,
  };
}

const script: FakeStep[] = [
  { reply: 'P1 speaks', usage: { inputTokens: 1200, outputTokens: 80 }, afterMs: 400 },
  { hang: true },
  { error: modelError('rate_limited', { status: 429, retryAfterMs: 3000 }), afterMs: 50 },
  { reply: 'judge scores', usage: { inputTokens: 900, outputTokens: 40 }, afterMs: 700 },
  { error: modelError('auth', { status: 401 }), afterMs: 20 },
];

type Outcome = ChatResponse | { kind: string; stats: unknown; message: string };

async function play(client: ModelClient): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  outcomes.push(await client.complete(chatRequest('act'), callMeta()));
  outcomes.push(
    await client.complete(
      chatRequest('score'),
      callMeta({ playerId: null, role: 'judge', purpose: 'score' }),
    ),
  );
  const failed = await modelFailure(
    client.complete(chatRequest('defend'), callMeta({ playerId: 'P2', purpose: 'defend' })),
  );
  outcomes.push({ kind: failed.kind, stats: failed.stats, message: failed.message });
  return outcomes;
}

describe('composeClient', () => {
  it('times out, waits for Retry-After, retries and accounts for the whole call', async () => {
    const setup = parts();
    const provider = fakeClient(script, { timing: setup.timing });
    const client = composeClient(provider, setup);

    const [act, score, defend] = await play(client);

    expect(act).toMatchObject({
      text: 'P1 speaks',
      stats: { attempts: 1, latencyMs: 400, costUsd: 0.00152, replayed: false },
    });
    expect(score).toMatchObject({ text: 'judge scores', stats: { attempts: 3 } });
    expect((score as ChatResponse).stats.latencyMs).toBeGreaterThanOrEqual(1000 + 50 + 3000 + 700);
    expect(setup.timing.waits).toContain(3000);
    expect(defend).toMatchObject({ kind: 'auth', stats: { attempts: 1 } });
    expect(provider.calls).toHaveLength(5);
    expect(setup.ledger.spent().seats).toEqual({ P1: { tokens: 1280, usd: 0.00152 } });
  });

  it('replays a recorded run identically with the provider unreachable', async () => {
    const recording = createMemoryCassette('record');
    const recordParts = parts(recording);
    const recorded = await play(
      composeClient(fakeClient(script, { timing: recordParts.timing }), recordParts),
    );

    const replayParts = parts(createMemoryCassette('replay', recording.entries));
    const unreachable = fakeClient([{ error: modelError('network') }]);
    const replayed = await play(composeClient(unreachable, replayParts));

    expect(unreachable.calls).toHaveLength(0);
    expect(replayed).toEqual(
      recorded.map((outcome) => ({
        ...outcome,
        stats: { ...(outcome.stats as object), replayed: true },
      })),
    );
    expect(replayParts.ledger.spent()).toEqual(recordParts.ledger.spent());
    expect(replayParts.timing.waits).toEqual([]);
  });

  it('refuses calls once the budget is spent, before the cassette or the provider', async () => {
    const ledger = new BudgetLedger({ game: { tokens: 10 }, seat: {}, elapsedMs: () => 0 });
    ledger.charge(null, { inputTokens: 10, outputTokens: 0 }, 0);
    const provider = fakeClient([{ reply: 'x' }]);
    const client = composeClient(provider, {
      ...parts(createMemoryCassette('replay')),
      ledger,
    });

    await expect(client.complete(chatRequest(), callMeta())).rejects.toMatchObject({
      code: BUDGET_ERROR_CODE,
    });
    expect(provider.calls).toHaveLength(0);
  });
});
