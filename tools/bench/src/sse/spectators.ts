/**
 * Spectators of the SSE fan-out bench, in processes of their own so that reading the streams
 * never shares the runner's event loop (and the reference spectator never waits behind the
 * others' sockets). Started with `fork` by `sse.ts`; each process takes one `connect` message,
 * connects its spectators to the game's event stream, reports `connected` once each has
 * received the stored `game_created`, and `done` with every spectator's receipts once all its
 * streams have ended.
 */
import { request, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

const ConnectMessage = z.object({
  type: z.literal('connect'),
  base: z.url(),
  gameId: z.string().min(1),
  spectators: z.number().int().min(1),
  /** Keep each event's `ts` (the reference spectator does). */
  keepTs: z.boolean(),
  token: z.string().min(1),
});

/** What one spectator received: seq and wall-clock receipt time (ms, sub-ms precision) of each event. */
export interface Receipts {
  seqs: number[];
  at: number[];
  /** The event's `ts` (the runner's clock), kept by the reference spectator only. */
  ts: string[];
  /** Why the stream failed, if it did. */
  error: string | null;
}

/** Messages this process sends to the bench. */
export type SpectatorReport =
  | { type: 'connected' }
  | { type: 'done'; spectators: Receipts[] }
  | { type: 'failed'; error: string };

/** Wall-clock time in ms with the precision of `performance.now()`. */
const wallNow = (): number => performance.timeOrigin + performance.now();

/** Send a report; resolves once it has been handed to the channel. */
function send(report: SpectatorReport): Promise<void> {
  return new Promise((done) => {
    if (!process.send) done();
    else process.send(report, undefined, {}, () => done());
  });
}

/**
 * Follow the event stream; `onFirst` runs once the first event is in (the subscription is then
 * certain to be active). Resolves with the receipts when the stream ends.
 */
function follow(
  url: string,
  token: string,
  keepTs: boolean,
  onFirst: () => void,
): Promise<Receipts> {
  const receipts: Receipts = { seqs: [], at: [], ts: [], error: null };
  return new Promise((done) => {
    let first = true;
    const fail = (error: unknown) => {
      receipts.error ??= error instanceof Error ? error.message : String(error);
      done(receipts);
    };
    const req = request(url, {
      agent: false,
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    });
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        fail(new Error(`the event stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        // Every frame of a chunk arrived when the chunk did.
        const at = wallNow();
        buffer += chunk;
        const end = buffer.lastIndexOf('\n\n');
        if (end < 0) return;
        const frames = buffer.slice(0, end).split('\n\n');
        buffer = buffer.slice(end + 2);
        for (const frame of frames) {
          const id = /^id: (\d+)$/m.exec(frame);
          if (!id) continue;
          receipts.seqs.push(Number(id[1]));
          receipts.at.push(at);
          if (keepTs) {
            const data = /^data: (.*)$/m.exec(frame);
            receipts.ts.push((JSON.parse(data?.[1] ?? '{}') as { ts?: string }).ts ?? '');
          }
        }
        if (first && receipts.seqs.length > 0) {
          first = false;
          onFirst();
        }
      });
      res.on('end', () => done(receipts));
      res.on('error', fail);
    });
    req.end();
  });
}

async function run(message: z.infer<typeof ConnectMessage>): Promise<void> {
  const url = `${message.base}/games/${message.gameId}/events`;
  let subscribed = 0;
  let markAll: () => void = () => undefined;
  const all = new Promise<void>((done) => (markAll = done));
  const onFirst = () => {
    subscribed += 1;
    if (subscribed === message.spectators) markAll();
  };
  const streams = Array.from({ length: message.spectators }, () =>
    follow(url, message.token, message.keepTs, onFirst),
  );
  const ended = Promise.all(streams);
  await Promise.race([all, ended]);
  await send({ type: 'connected' });
  await send({ type: 'done', spectators: await ended });
}

process.once('message', (raw: unknown) => {
  const parsed = ConnectMessage.safeParse(raw);
  if (!parsed.success) {
    void send({ type: 'failed', error: `invalid connect message: ${parsed.error.message}` }).then(
      () => process.disconnect?.(),
    );
    return;
  }
  run(parsed.data)
    .catch((error: unknown) =>
      send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => process.disconnect?.());
});
