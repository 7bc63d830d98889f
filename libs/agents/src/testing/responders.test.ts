import { describe, expect, it } from 'vitest';
import type { LoopbackReply, LoopbackRequest, LoopbackResponder } from './loopback-types';
import { faultyResponder, LOOPBACK_FAULTS, scriptedResponder } from './responders';

const REQUEST: LoopbackRequest = {
  format: 'openai',
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  schema: null,
  stream: false,
  body: {},
  headers: {},
};

async function replies(responder: LoopbackResponder, count: number): Promise<LoopbackReply[]> {
  const out: LoopbackReply[] = [];
  for (let i = 0; i < count; i++) out.push(await responder(REQUEST));
  return out;
}

describe('scriptedResponder', () => {
  it('answers in order, then repeats the last reply', async () => {
    const responder = scriptedResponder([{ status: 500 }, { text: 'one' }, { text: 'two' }]);

    expect(await replies(responder, 5)).toEqual([
      { status: 500 },
      { text: 'one' },
      { text: 'two' },
      { text: 'two' },
      { text: 'two' },
    ]);
  });
});

describe('faultyResponder', () => {
  const inner: LoopbackResponder = () => ({ text: 'fine' });

  it('fails the same requests for the same seed', async () => {
    const first = await replies(faultyResponder(inner, { rate: 0.4, seed: 11 }), 40);
    const second = await replies(faultyResponder(inner, { rate: 0.4, seed: 11 }), 40);

    expect(second).toEqual(first);
    expect(first.filter((r) => !('text' in r && r.text === 'fine')).length).toBeGreaterThan(0);
  });

  it('cycles through every fault, in order, when every request fails', async () => {
    const faults = await replies(
      faultyResponder(inner, { rate: 1, seed: 1, retryAfterSeconds: 2 }),
      LOOPBACK_FAULTS.length,
    );

    expect(faults).toEqual([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 500 },
      { text: '{"reply": "this JSON never closes' },
      { empty: true },
      { hang: true },
      { truncate: true, text: 'This reply is cut off before it reaches its end.' },
    ]);
  });

  it('passes every request through at rate 0', async () => {
    expect(await replies(faultyResponder(inner, { rate: 0, seed: 3 }), 10)).toEqual(
      Array(10).fill({ text: 'fine' }),
    );
  });
});
