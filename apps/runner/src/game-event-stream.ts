import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { GameEvent } from '@arena/models';
import { readEventsBetween } from '@arena/orchestration';
import type { EventStore, LiveState } from '@arena/persistence';
import type { GameEventFeed } from './game-event-feed';

export interface GameEventStreamOptions {
  gameId: string;
  /** Seq of the last event the client already has; -1 to replay from the start. */
  after: number;
  store: EventStore;
  /** Brings the events of the game whoever drives it: live state, or the bus's events topic. */
  feed: GameEventFeed;
  /** Holds each game's recent events, to fill a gap in the feed before reading the store. */
  live: LiveState;
  /** The response the stream is written to; its headers must not have been sent. */
  response: ServerResponse;
  /** Interval of the keep-alive comments. */
  heartbeatMs: number;
  logger: FastifyBaseLogger;
}

/**
 * The SSE frames of events already sent, by event object: the feed hands every stream of a game
 * the same event object, so a frame is serialised once however many spectators follow the game.
 */
const frames = new WeakMap<GameEvent, string>();

function frameOf(event: GameEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

/** An open Server-Sent Events stream of one game. */
export interface GameEventStream {
  /** End the stream (idempotent). */
  close(): void;
  /** Resolves once the stream has ended, for whatever reason. */
  readonly closed: Promise<void>;
}

/**
 * Stream a game's events as Server-Sent Events: first the stored events after `after`, then live
 * ones from the feed (published by whichever runner drives the game), each once and in seq
 * order, until `game_ended` or the client goes away.
 *
 * The subscription is active before the stored log is read, so an event appended in between
 * arrives through both paths and is sent once; a live event that skips seqs makes the stream
 * fetch the missing ones first (from live state's recent events, or the store).
 */
export function openGameEventStream(options: GameEventStreamOptions): GameEventStream {
  const { gameId, store, live, feed, response, logger } = options;
  let lastSent = options.after;
  let open = true;
  let queue: Promise<void> = Promise.resolve();
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();

  const send = (event: GameEvent): void => {
    if (!open || event.seq <= lastSent) return;
    response.write(frameOf(event));
    lastSent = event.seq;
    if (event.type === 'game_ended') close();
  };
  const catchUp = async (): Promise<void> => {
    for (const event of await store.load(gameId, { fromSeq: lastSent + 1 })) send(event);
  };
  const fillBefore = async (seq: number): Promise<void> => {
    for (const event of await readEventsBetween({ store, live }, gameId, lastSent, seq)) {
      send(event);
    }
  };
  // One task at a time, so replay and live delivery never interleave.
  const enqueue = (task: () => Promise<void>): void => {
    queue = queue
      .then(() => (open ? task() : undefined))
      .catch((error: unknown) => {
        logger.error({ err: error, gameId }, 'event_stream_failed');
        close();
      });
  };

  let unsubscribe: () => void = () => undefined;
  const onLive = (events: readonly GameEvent[]): void =>
    enqueue(async () => {
      for (const event of events) {
        if (event.seq > lastSent + 1) await fillBefore(event.seq);
        send(event);
      }
    });
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), options.heartbeatMs);

  function close(): void {
    if (!open) return;
    open = false;
    unsubscribe();
    clearInterval(heartbeat);
    if (!response.writableEnded) response.end();
    markClosed();
  }

  response.on('close', close);
  if (response.destroyed) close();
  enqueue(async () => {
    const stop = await feed.subscribe(gameId, onLive);
    if (open) unsubscribe = stop;
    else stop();
    await catchUp();
    const summary = await store.getGame(gameId);
    if (summary?.status === 'ended' && lastSent >= summary.lastSeq) close();
  });
  return { close, closed };
}
