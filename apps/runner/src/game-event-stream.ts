import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { TOPICS, type MessageBus } from '@arena/message-bus';
import type { GameEvent } from '@arena/models';
import type { EventStore } from '@arena/persistence';

export interface GameEventStreamOptions {
  gameId: string;
  /** Seq of the last event the client already has; -1 to replay from the start. */
  after: number;
  store: EventStore;
  bus: MessageBus;
  /** The response the stream is written to; its headers must not have been sent. */
  response: ServerResponse;
  /** Interval of the keep-alive comments. */
  heartbeatMs: number;
  logger: FastifyBaseLogger;
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
 * ones from the bus, each once and in seq order, until `game_ended` or the client goes away.
 *
 * The subscription is taken before the stored log is read, so an event appended in between
 * arrives through both paths and is sent once; a live event that skips seqs makes the stream
 * read the missing ones from the store first.
 */
export function openGameEventStream(options: GameEventStreamOptions): GameEventStream {
  const { gameId, store, response, logger } = options;
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
    response.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    lastSent = event.seq;
    if (event.type === 'game_ended') close();
  };
  const catchUp = async (): Promise<void> => {
    for (const event of await store.load(gameId, { fromSeq: lastSent + 1 })) send(event);
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

  const unsubscribe = options.bus.subscribe(TOPICS.gameEvents, (message) => {
    const event = message.value;
    if (event.gameId !== gameId) return;
    enqueue(async () => {
      if (event.seq > lastSent + 1) await catchUp();
      send(event);
    });
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
    await catchUp();
    const summary = await store.getGame(gameId);
    if (summary?.status === 'ended' && lastSent >= summary.lastSeq) close();
  });
  return { close, closed };
}
