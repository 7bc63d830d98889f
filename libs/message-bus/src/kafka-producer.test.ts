import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createBatchingProducer } from './kafka-producer';

/** A producer that records each `sendBatch` and answers when the test says so. */
function fakeProducer() {
  const sent: Array<{ batch: ProducerBatch; answer: (err?: Error) => void }> = [];
  const producer = {
    sendBatch: (batch: ProducerBatch) =>
      new Promise((resolve, reject) => {
        sent.push({ batch, answer: (err) => (err ? reject(err) : resolve([])) });
      }),
  } as unknown as Producer;
  return { producer, sent };
}

const message = (value: string) => ({ key: 'g', value });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createBatchingProducer', () => {
  it('gathers publishes of one turn into one sendBatch across topics, acks from all replicas', async () => {
    const { producer, sent } = fakeProducer();
    const batching = createBatchingProducer({ producer, lingerMs: 0, toError: (e) => e });
    const first = batching.send([{ topic: 'a', messages: [message('1')] }]);
    const second = batching.send([
      { topic: 'b', messages: [message('2')] },
      { topic: 'a', messages: [message('3')] },
    ]);
    await tick();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.batch).toEqual({
      acks: -1,
      topicMessages: [
        { topic: 'a', messages: [message('1'), message('3')] },
        { topic: 'b', messages: [message('2')] },
      ],
    });
    sent[0]?.answer();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });

  it('keeps one batch in flight and sends the next once it is acknowledged', async () => {
    const { producer, sent } = fakeProducer();
    const batching = createBatchingProducer({ producer, lingerMs: 1, toError: (e) => e });
    const first = batching.send([{ topic: 'a', messages: [message('1')] }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = batching.send([{ topic: 'a', messages: [message('2')] }]);
    const third = batching.send([{ topic: 'a', messages: [message('3')] }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sent).toHaveLength(1);
    sent[0]?.answer();
    await first;
    await tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.batch.topicMessages).toEqual([
      { topic: 'a', messages: [message('2'), message('3')] },
    ]);
    sent[1]?.answer();
    await Promise.all([second, third]);
  });

  it('sends a large batch without waiting for the linger', async () => {
    const { producer, sent } = fakeProducer();
    const batching = createBatchingProducer({
      producer,
      lingerMs: 60_000,
      maxBatchMessages: 2,
      toError: (e) => e,
    });
    const sending = batching.send([{ topic: 'a', messages: [message('1'), message('2')] }]);
    expect(sent).toHaveLength(1);
    sent[0]?.answer();
    await sending;
  });

  it("fails every caller of a failed batch with the bus's error", async () => {
    const { producer, sent } = fakeProducer();
    const batching = createBatchingProducer({
      producer,
      lingerMs: 0,
      toError: (cause) => new Error(`wrapped: ${(cause as Error).message}`),
    });
    const first = batching.send([{ topic: 'a', messages: [message('1')] }]);
    const second = batching.send([{ topic: 'b', messages: [message('2')] }]);
    await tick();
    sent[0]?.answer(new Error('broker gone'));
    await expect(first).rejects.toThrow('wrapped: broker gone');
    await expect(second).rejects.toThrow('wrapped: broker gone');
  });

  it('flushes what is pending and in flight', async () => {
    const { producer, sent } = fakeProducer();
    const batching = createBatchingProducer({ producer, lingerMs: 60_000, toError: (e) => e });
    await batching.flush();
    const sending = batching.send([{ topic: 'a', messages: [message('1')] }]);
    let flushed = false;
    const flushing = batching.flush().then(() => (flushed = true));
    expect(sent).toHaveLength(1);
    await tick();
    expect(flushed).toBe(false);
    sent[0]?.answer();
    await Promise.all([sending, flushing]);
    expect(flushed).toBe(true);
  });
});
