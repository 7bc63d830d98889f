import { describe, expect, it } from 'vitest';
import { withCassette } from './cassette';
import { cassetteEntry } from './cassette-entry.fixture';
import { WRAPPER_ERROR_CODES } from './errors';
import {
  callMeta,
  chatRequest,
  fakeClient,
  modelError,
  modelFailure,
  rejection,
} from './fake-client.fixture';
import { createMemoryCassette } from './memory-cassette';

const replied = {
  reply: 'Raise the deck.',
  usage: { inputTokens: 30, outputTokens: 4 },
  stats: { attempts: 2, latencyMs: 840, costUsd: 0.0012 },
};

describe('withCassette', () => {
  it('records a reply with its stats and replays it without the provider', async () => {
    const recording = createMemoryCassette('record');
    const response = await withCassette(recording)(fakeClient([replied])).complete(
      chatRequest(),
      callMeta(),
    );
    const offline = fakeClient([{ error: modelError('network') }]);

    const replayed = await withCassette(createMemoryCassette('replay', recording.entries))(
      offline,
    ).complete(chatRequest(), callMeta());

    expect(recording.entries).toHaveLength(1);
    expect(recording.entries[0]).toMatchObject({ spec: 'fake:model', purpose: 'act' });
    expect(replayed).toEqual({ ...response, stats: { ...response.stats, replayed: true } });
    expect(offline.calls).toHaveLength(0);
  });

  it('records a final failure and replays it as the same ModelCallError', async () => {
    const recording = createMemoryCassette('record');
    const failure = modelError('rate_limited', { status: 429, retryAfterMs: 2000 });
    failure.stats = { ...failure.stats, attempts: 4, latencyMs: 9000 };
    await rejection(
      withCassette(recording)(fakeClient([{ error: failure }])).complete(chatRequest(), callMeta()),
    );

    const error = await modelFailure(
      withCassette(createMemoryCassette('replay', recording.entries))(
        fakeClient([{ reply: 'unused' }]),
      ).complete(chatRequest(), callMeta()),
    );

    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000 });
    expect(error.message).toBe(failure.message);
    expect(error.stats).toEqual({ attempts: 4, latencyMs: 9000, costUsd: 0, replayed: true });
  });

  it('does not record cancelled calls or errors that are not model call errors', async () => {
    const recording = createMemoryCassette('record');
    const client = withCassette(recording)(
      fakeClient([{ error: modelError('aborted') }, { error: new Error('bug') }]),
    );

    await rejection(client.complete(chatRequest(), callMeta()));
    await rejection(client.complete(chatRequest(), callMeta()));

    expect(recording.entries).toHaveLength(0);
  });

  it('fails a replay miss with a non-retriable cassette_miss naming spec and purpose', async () => {
    const provider = fakeClient([{ reply: 'unused' }]);
    const client = withCassette(createMemoryCassette('replay'))(provider);

    const error = await modelFailure(
      client.complete(chatRequest(), callMeta({ purpose: 'defend' })),
    );

    expect(error.kind).toBe('cassette_miss');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('defend call to fake:model');
    expect(provider.calls).toHaveLength(0);
  });

  it('serves repeated prompts in recorded order, then keeps serving the last', async () => {
    const recording = createMemoryCassette('record');
    const provider = fakeClient([{ reply: 'first' }, { reply: 'second' }]);
    const recorder = withCassette(recording)(provider);
    await recorder.complete(chatRequest(), callMeta());
    await recorder.complete(chatRequest(), callMeta());

    const player = withCassette(createMemoryCassette('replay', recording.entries))(provider);
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push((await player.complete(chatRequest(), callMeta())).text);

    expect(texts).toEqual(['first', 'second', 'second']);
    expect(provider.calls).toHaveLength(2);
  });

  it('in auto mode replays what is recorded and records the rest', async () => {
    const recording = createMemoryCassette('record');
    await withCassette(recording)(fakeClient([{ reply: 'old' }])).complete(
      chatRequest('old question'),
      callMeta(),
    );
    const auto = createMemoryCassette('auto', recording.entries);
    const provider = fakeClient([{ reply: 'new' }]);
    const client = withCassette(auto)(provider);

    const old = await client.complete(chatRequest('old question'), callMeta());
    const fresh = await client.complete(chatRequest('new question'), callMeta());
    const again = await client.complete(chatRequest('new question'), callMeta());

    expect([old.text, old.stats.replayed]).toEqual(['old', true]);
    expect([fresh.text, fresh.stats.replayed]).toEqual(['new', false]);
    expect([again.text, again.stats.replayed]).toEqual(['new', true]);
    expect(provider.calls).toHaveLength(1);
    expect(auto.entries).toHaveLength(2);
  });

  it('in record mode calls the provider even for a recorded prompt', async () => {
    const recording = createMemoryCassette('record');
    const provider = fakeClient([{ reply: 'one' }, { reply: 'two' }]);
    const client = withCassette(recording)(provider);

    await client.complete(chatRequest(), callMeta());
    const second = await client.complete(chatRequest(), callMeta());

    expect(second.text).toBe('two');
    expect(recording.entries).toHaveLength(2);
  });

  it('throws aborted instead of replaying for a cancelled caller', async () => {
    const recording = createMemoryCassette('record');
    await withCassette(recording)(fakeClient([replied])).complete(chatRequest(), callMeta());
    const client = withCassette(createMemoryCassette('replay', recording.entries))(
      fakeClient([replied]),
    );

    const error = await modelFailure(
      client.complete(chatRequest(), callMeta({ signal: AbortSignal.abort() })),
    );

    expect(error.kind).toBe('aborted');
  });
});

describe('createMemoryCassette', () => {
  it('refuses to record in replay mode', () => {
    const cassette = createMemoryCassette('replay');

    expect(() => cassette.record(cassetteEntry('x'))).toThrow(
      expect.objectContaining({ code: WRAPPER_ERROR_CODES.CASSETTE_READ_ONLY }),
    );
  });
});
