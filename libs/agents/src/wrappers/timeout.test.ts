import { describe, expect, it } from 'vitest';
import { callMeta, chatRequest, fakeClient, modelError, modelFailure } from './fake-client.fixture';
import { manualTiming } from './manual-timing.fixture';
import { withTimeout } from './timeout';

describe('withTimeout', () => {
  it('returns a reply that arrives before the deadline and cancels the timer', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ reply: 'hi', afterMs: 300 }], { timing });
    const client = withTimeout({ ms: 1000 }, timing)(provider);

    const response = await client.complete(chatRequest(), callMeta());

    expect(response.text).toBe('hi');
    expect(client.spec).toBe(provider.spec);
    expect(timing.clock.now()).toBe(300);
  });

  it('aborts a slow call and throws a retriable timeout', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ hang: true }]);
    const client = withTimeout({ ms: 1000 }, timing)(provider);

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.kind).toBe('timeout');
    expect(error.retriable).toBe(true);
    expect(error.message).toContain('within 1000 ms');
    expect(provider.calls[0]?.meta.signal?.aborted).toBe(true);
    expect(timing.clock.now()).toBe(1000);
  });

  it('throws a timeout even when the inner client ignores its signal', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ reply: 'late', afterMs: 5000 }], { timing });
    const client = withTimeout({ ms: 1000 }, timing)(provider);

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.kind).toBe('timeout');
  });

  it('passes on the inner error when the call fails in time', async () => {
    const timing = manualTiming();
    const client = withTimeout({ ms: 1000 }, timing)(fakeClient([{ error: modelError('auth') }]));

    const error = await modelFailure(client.complete(chatRequest(), callMeta()));

    expect(error.kind).toBe('auth');
  });

  it('throws aborted when the caller cancels during the call', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ hang: true }]);
    const client = withTimeout({ ms: 1000 }, timing)(provider);
    const operator = new AbortController();

    const pending = client.complete(chatRequest(), callMeta({ signal: operator.signal }));
    operator.abort(new Error('operator stop'));
    const error = await modelFailure(pending);

    expect(error.kind).toBe('aborted');
    expect(error.retriable).toBe(false);
    expect(provider.calls[0]?.meta.signal?.aborted).toBe(true);
  });

  it('does not call the provider when the signal is already aborted', async () => {
    const timing = manualTiming();
    const provider = fakeClient([{ reply: 'hi' }]);
    const client = withTimeout({ ms: 1000 }, timing)(provider);

    const error = await modelFailure(
      client.complete(chatRequest(), callMeta({ signal: AbortSignal.abort() })),
    );

    expect(error.kind).toBe('aborted');
    expect(provider.calls).toHaveLength(0);
  });
});
