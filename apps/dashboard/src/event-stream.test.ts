import { describe, expect, it } from 'vitest';
import { openEventStream, type StreamStatus } from './event-stream';

const frame = (seq: number, type = 'turn_started') =>
  `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ seq, type, gameId: 'g-1' })}\n\n`;

/** A response whose body sends `chunks` then ends (or errors, with `fail`). */
function streamResponse(chunks: string[], fail = false): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      // An error discards what is still queued: fail once the chunks have been read.
      if (fail) setTimeout(() => controller.error(new Error('connection reset')), 20);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

interface Call {
  url: string;
  headers: Record<string, string>;
}

function fakeFetch(answers: Array<() => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    calls.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    // Like fetch, give up when the request is aborted.
    return Promise.race([
      answer(),
      new Promise<never>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      ),
    ]);
  };
  return { fetch, calls };
}

function follow(
  answers: Array<() => Response | Promise<Response>>,
  after = -1,
  token: string | null = null,
) {
  const { fetch, calls } = fakeFetch(answers);
  const seqs: number[] = [];
  const statuses: StreamStatus[] = [];
  const stream = openEventStream({
    url: '/games/g-1/events',
    token: () => token,
    after,
    fetch,
    onEvents: (events) => seqs.push(...events.map((e) => e.seq)),
    onStatus: (s) => statuses.push(s),
    backoff: { initialMs: 1, maxMs: 4 },
    network: new EventTarget(),
  });
  return { stream, calls, seqs, statuses };
}

describe('openEventStream', () => {
  it('reconnects after a drop with Last-Event-ID and drops repeated events', async () => {
    const { stream, calls, seqs, statuses } = follow([
      () => streamResponse([frame(0, 'game_created'), frame(1), frame(2).slice(0, 10)]),
      () => streamResponse([frame(2)], true),
      () => Promise.reject(new TypeError('network down')),
      () => streamResponse([frame(2), frame(3), frame(4, 'game_ended'), frame(5)]),
    ]);
    await stream.done;
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    expect(calls.map((c) => c.headers['last-event-id'])).toEqual([undefined, '1', '2', '2']);
    expect(statuses[0]).toBe('connecting');
    expect(statuses.filter((s) => s === 'reconnecting')).toHaveLength(3);
    expect(statuses[statuses.length - 1]).toBe('ended');
  });

  it('sends the token and resumes after the seq it was given', async () => {
    const { stream, calls, seqs } = follow(
      [() => streamResponse([frame(10), frame(11, 'game_ended')])],
      9,
      'secret-token',
    );
    await stream.done;
    expect(calls[0]?.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'last-event-id': '9',
      accept: 'text/event-stream',
    });
    expect(seqs).toEqual([10, 11]);
  });

  it('stops on 401 (token needed) and 404 (no such game)', async () => {
    const refused = follow([() => new Response('{}', { status: 401 })]);
    await refused.stream.done;
    expect(refused.statuses).toEqual(['connecting', 'unauthorized']);
    const missing = follow([() => new Response('{}', { status: 404 })]);
    await missing.stream.done;
    expect(missing.statuses).toEqual(['connecting', 'not_found']);
  });

  it('retries after a 5xx answer', async () => {
    const { stream, seqs, statuses } = follow([
      () => new Response('busy', { status: 503 }),
      () => streamResponse([frame(0, 'game_ended')]),
    ]);
    await stream.done;
    expect(seqs).toEqual([0]);
    expect(statuses).toEqual(['connecting', 'reconnecting', 'live', 'ended']);
  });

  it('closes for good when the page closes it', async () => {
    const { stream, statuses } = follow([() => new Promise<Response>(() => undefined)]);
    stream.close();
    stream.close();
    await stream.done;
    expect(statuses).toEqual(['connecting', 'closed']);
  });
});
