import type { GameEvent } from '@arena/models';
import { backoffDelay, type BackoffOptions } from './backoff';
import { createSseParser } from './sse';

/**
 * `connecting`: first request; `live`: receiving; `reconnecting`: dropped, waiting to retry;
 * `ended`: the game ended (the stream is done); `unauthorized`: 401/403, a token is needed;
 * `not_found`: no such game; `closed`: closed by the page.
 */
export type StreamStatus =
  'connecting' | 'live' | 'reconnecting' | 'ended' | 'unauthorized' | 'not_found' | 'closed';

export interface StreamStatusDetail {
  /** Reconnect attempts since events last arrived. */
  attempt: number;
  /** While `reconnecting`: the wait before the next attempt, in ms. */
  retryInMs?: number;
  /** What went wrong, when something did. */
  error?: string;
  /** Times the stream was opened again after a drop. */
  reconnects: number;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface EventStreamOptions {
  /** The stream's URL, e.g. `/games/g-1a2b3c4d/events`. */
  url: string;
  /** Bearer token, read on every (re)connect. */
  token: () => string | null;
  /** Seq of the last event already held; -1 to receive the game from the start. */
  after: number;
  /** Events in seq order, each once (repeats after a reconnect are dropped). */
  onEvents: (events: GameEvent[]) => void;
  onStatus: (status: StreamStatus, detail: StreamStatusDetail) => void;
  backoff?: BackoffOptions;
  fetch?: Fetch;
  random?: () => number;
  /** Fires `online` when the network is back, to reconnect at once. @default window when present */
  network?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /**
   * Reconnect when nothing (not even a keep-alive comment) arrived for this long, in ms: a
   * connection can die without an error. The runner sends a comment every 15 s. @default 45000
   */
  idleTimeoutMs?: number;
}

/** An open event stream. */
export interface EventStreamHandle {
  /** Stop for good (idempotent). */
  close(): void;
  /** Skip the wait and reconnect now (e.g. after a token was entered). */
  reconnectNow(): void;
  /** Settles once the stream is done: ended, refused, or closed. */
  readonly done: Promise<void>;
}

/**
 * Follow a game's Server-Sent Events with `fetch` (so an `Authorization` header can be sent) and
 * reconnect when the connection drops, with `Last-Event-ID` set to the last seq received and an
 * exponential backoff, until `game_ended` arrives or the page closes the stream.
 */
export function openEventStream(options: EventStreamOptions): EventStreamHandle {
  const doFetch: Fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const network =
    options.network ?? (typeof window === 'undefined' ? undefined : (window as EventTarget));
  let lastSeq = options.after;
  let closed = false;
  let attempt = 0;
  let reconnects = 0;
  let wake: () => void = () => undefined;
  let current: AbortController | null = null;

  const status = (s: StreamStatus, extra: Partial<StreamStatusDetail> = {}): void => {
    if (!closed || s === 'closed') options.onStatus(s, { attempt, reconnects, ...extra });
  };
  const onOnline = (): void => wake();
  network?.addEventListener('online', onOnline);

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** One connection; resolves with how it ended. */
  const connect = async (): Promise<'ended' | 'dropped' | 'unauthorized' | 'not_found'> => {
    const controller = new AbortController();
    current = controller;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    const token = options.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (lastSeq >= 0) headers['last-event-id'] = String(lastSeq);
    let idle: ReturnType<typeof setTimeout> | undefined;
    const resetIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error('no data for too long')), idleTimeoutMs);
    };
    try {
      resetIdle();
      const response = await doFetch(options.url, {
        headers,
        signal: controller.signal,
        cache: 'no-store',
      });
      if (response.status === 401 || response.status === 403) return 'unauthorized';
      if (response.status === 404) return 'not_found';
      if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
      status('live');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = createSseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'dropped';
        resetIdle();
        const batch: GameEvent[] = [];
        let ended = false;
        for (const message of parser.push(value)) {
          const event = JSON.parse(message.data) as GameEvent;
          if (event.seq <= lastSeq) continue;
          lastSeq = event.seq;
          batch.push(event);
          if (event.type === 'game_ended') ended = true;
        }
        if (batch.length > 0) {
          attempt = 0;
          options.onEvents(batch);
        }
        if (ended) {
          void reader.cancel().catch(() => undefined);
          return 'ended';
        }
      }
    } finally {
      clearTimeout(idle);
      controller.abort();
      current = null;
    }
  };

  const run = async (): Promise<void> => {
    status('connecting');
    while (!closed) {
      let error: string | undefined;
      try {
        const how = await connect();
        if (closed) break;
        if (how !== 'dropped') {
          status(how);
          break;
        }
        error = 'the stream closed before the game ended';
      } catch (e) {
        if (closed) break;
        error = e instanceof Error ? e.message : String(e);
      }
      const retryInMs = backoffDelay(attempt, options.backoff, options.random);
      status('reconnecting', { retryInMs, error });
      attempt += 1;
      await wait(retryInMs);
      if (closed) break;
      reconnects += 1;
    }
    network?.removeEventListener('online', onOnline);
  };

  const done = run();
  return {
    close() {
      if (closed) return;
      closed = true;
      current?.abort();
      wake();
      network?.removeEventListener('online', onOnline);
      status('closed');
    },
    reconnectNow: () => wake(),
    done,
  };
}
