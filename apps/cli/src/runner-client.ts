import { z } from 'zod';
import { ArenaError, GameEventSchema, type GameEvent } from '@arena/models';
import { createSseParser } from './sse';

/** A runner the CLI talks to, and the bearer token it sends (if any). */
export interface RunnerTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  token?: string;
}

/** Error codes of the CLI's runner calls. */
export const RUNNER_CLIENT_ERRORS = {
  /** The runner answered 4xx: the request was wrong (exit 2). */
  REJECTED: 'CLI_RUNNER_REJECTED',
  /** 401: no token, or one the runner does not accept (exit 2). */
  UNAUTHORIZED: 'CLI_RUNNER_UNAUTHORIZED',
  /** The runner could not be reached, failed (5xx) or answered something unreadable (exit 1). */
  FAILED: 'CLI_RUNNER_FAILED',
  /** The event stream dropped and could not be picked up again (exit 1). */
  STREAM_LOST: 'CLI_RUNNER_STREAM_LOST',
} as const;

/** The runner's error body: `{ error: { code, message, issues? } }`. */
const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** 4xx answers are the caller's to fix, except a timeout or rate limit (try again later). */
const isCallersMistake = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429;

function authHint(target: RunnerTarget): string {
  return target.token
    ? "the token given (--token or ARENA_API_TOKEN) is not one of the runner's ARENA_API_TOKENS"
    : "it needs a bearer token: set ARENA_API_TOKEN or pass --token <token> (one of the runner's ARENA_API_TOKENS)";
}

/** The error for a runner's non-2xx answer, with its code, message and field paths. */
export async function runnerError(
  target: RunnerTarget,
  what: string,
  response: Response,
): Promise<ArenaError> {
  const text = await response.text().catch(() => '');
  let body: z.output<typeof ErrorBody> | null = null;
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    body = null;
  }
  const status = response.status;
  if (status === 401) {
    return new ArenaError(
      `${what}: the runner at ${target.url} refused it (401): ${authHint(target)}`,
      {
        code: RUNNER_CLIENT_ERRORS.UNAUTHORIZED,
        category: 'user',
        details: { status, runnerCode: body?.error.code },
      },
    );
  }
  const issues = body?.error.issues ?? [];
  const retryAfter = response.headers.get('retry-after');
  const message = [
    `${what}: the runner answered ${status}${body ? ` ${body.error.code}: ${body.error.message}` : text ? `: ${text.slice(0, 300)}` : ''}`,
    ...issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`),
    ...(status === 429 && retryAfter ? [`  try again in ${retryAfter} s`] : []),
  ].join('\n');
  const callers = isCallersMistake(status);
  return new ArenaError(message, {
    code: callers ? RUNNER_CLIENT_ERRORS.REJECTED : RUNNER_CLIENT_ERRORS.FAILED,
    category: callers ? 'user' : 'system',
    retriable: !callers,
    details: { status, runnerCode: body?.error.code, issues },
  });
}

function unreachable(target: RunnerTarget, what: string, cause: unknown): ArenaError {
  const reason =
    cause instanceof Error ? ((cause.cause as Error)?.message ?? cause.message) : String(cause);
  return new ArenaError(
    `${what}: cannot reach the runner at ${target.url} (${reason}); is it running? (--runner or ARENA_RUNNER_URL)`,
    { code: RUNNER_CLIENT_ERRORS.FAILED, category: 'system', retriable: true, cause },
  );
}

function headers(target: RunnerTarget, extra: Record<string, string> = {}): Record<string, string> {
  return {
    accept: 'application/json',
    ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
    ...extra,
  };
}

export interface RunnerRequest<T extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/games?status=running`. */
  path: string;
  /** JSON body (POST). */
  body?: unknown;
  /** Shape of a successful answer; an answer that does not fit is a failure (exit 1). */
  schema: T;
  /** What the call does, for messages: `start a game`. */
  what: string;
}

/**
 * One JSON call to the runner. A 4xx answer throws a `user` error (exit 2) naming the runner's
 * code, message and each field path; 401 says which token to set; 5xx, an unreachable runner or
 * an answer of the wrong shape throws a `system` error (exit 1).
 */
export async function callRunner<T extends z.ZodType>(
  target: RunnerTarget,
  request: RunnerRequest<T>,
): Promise<z.output<T>> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${request.path}`, {
      method: request.method,
      headers: headers(
        target,
        request.body === undefined ? {} : { 'content-type': 'application/json' },
      ),
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch (cause) {
    throw unreachable(target, request.what, cause);
  }
  if (!response.ok) throw await runnerError(target, request.what, response);
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    throw new ArenaError(`${request.what}: the runner's answer is not JSON`, {
      code: RUNNER_CLIENT_ERRORS.FAILED,
      cause,
    });
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new ArenaError(
      `${request.what}: the runner's answer has an unexpected shape:\n${issues.join('\n')}`,
      { code: RUNNER_CLIENT_ERRORS.FAILED },
    );
  }
  return parsed.data as z.output<T>;
}

/**
 * A game's log as JSON Lines (`GET /games/:id/export?format=jsonl` answers with it): every line
 * is checked against the event schema, belongs to `gameId` and follows the one before it (seq + 1).
 * Events are passed on as sent, so `--json` prints exactly the stored events.
 *
 * @throws ArenaError `CLI_RUNNER_FAILED` naming the line number and the field path of the first
 *   problem.
 */
export function parseEventLines(text: string, gameId: string, what: string): GameEvent[] {
  const events: GameEvent[] = [];
  const fail = (line: number, problem: string) =>
    new ArenaError(`${what}: line ${line} of the runner's log ${problem}`, {
      code: RUNNER_CLIENT_ERRORS.FAILED,
      details: { gameId, line },
    });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw fail(line, `is not JSON: ${JSON.stringify(raw.slice(0, 80))}`);
    }
    const parsed = GameEventSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((i) => `\n  - ${i.path.join('.') || '(root)'}: ${i.message}`);
      throw fail(line, `is not a game event:${issues.join('')}`);
    }
    const event = json as GameEvent;
    if (event.gameId !== gameId) {
      throw fail(line, `is not of this game:\n  - gameId: is ${event.gameId}, expected ${gameId}`);
    }
    const previous = events.at(-1);
    if (previous && event.seq !== previous.seq + 1) {
      throw fail(
        line,
        `is out of order:\n  - seq: is ${event.seq}, expected ${previous.seq + 1} (after line ${line - 1})`,
      );
    }
    events.push(event);
  }
  if (events.length === 0) throw fail(1, 'is missing: the log is empty');
  return events;
}

/**
 * A game's whole stored log from the runner (`GET /games/:id/export?format=jsonl`), in seq order.
 * A 4xx answer (unknown game 404, no or wrong token 401) throws a `user` error (exit 2); an
 * unreachable runner, a 5xx or a malformed line throws a `system` error (exit 1).
 */
export async function fetchRunnerLog(target: RunnerTarget, gameId: string): Promise<GameEvent[]> {
  const what = `replay game ${gameId}`;
  let response: Response;
  try {
    response = await fetch(
      `${target.url}/games/${encodeURIComponent(gameId)}/export?format=jsonl`,
      { headers: headers(target, { accept: 'application/x-ndjson, application/json' }) },
    );
  } catch (cause) {
    throw unreachable(target, what, cause);
  }
  if (!response.ok) throw await runnerError(target, what, response);
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ArenaError(`${what}: the runner's log was cut off while reading it (${reason})`, {
      code: RUNNER_CLIENT_ERRORS.FAILED,
      retriable: true,
      cause,
    });
  }
  return parseEventLines(text, gameId, what);
}

export interface FollowOptions {
  /** Seq of the last event already seen; -1 for the whole log. @default -1 */
  afterSeq?: number;
  /** Called once per event, in seq order, each seq once. */
  onEvent(event: GameEvent): void;
  /** Called before each reconnect after the stream dropped. */
  onReconnect?(attempt: number, reason: string): void;
  /** Ends following (resolves `stopped`). */
  signal?: AbortSignal;
  /** Consecutive failed connections before giving up. @default 8 */
  maxAttempts?: number;
  /** First wait before reconnecting; doubled per failed attempt up to `maxDelayMs`. @default 500 */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
}

const abortable = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Follow a game's Server-Sent Events stream on the runner until `game_ended`. A dropped
 * connection (the runner restarted, a proxy timed out) is picked up again with `Last-Event-ID`,
 * so no event is missed or repeated; after `maxAttempts` consecutive failures it gives up.
 *
 * @returns `ended` after `game_ended`, `stopped` when `signal` aborted.
 * @throws ArenaError `user` for 4xx (unknown game, no token), `CLI_RUNNER_STREAM_LOST` when the
 *   stream could not be picked up again.
 */
export async function followRunnerEvents(
  target: RunnerTarget,
  gameId: string,
  options: FollowOptions,
): Promise<'ended' | 'stopped'> {
  let lastSeq = options.afterSeq ?? -1;
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 5000;
  let failures = 0;
  const what = `watch game ${gameId}`;
  for (;;) {
    if (options.signal?.aborted) return 'stopped';
    let reason: string;
    let progressed = false;
    try {
      const response = await fetch(`${target.url}/games/${encodeURIComponent(gameId)}/events`, {
        headers: headers(target, {
          accept: 'text/event-stream',
          ...(lastSeq >= 0 ? { 'last-event-id': String(lastSeq) } : {}),
        }),
        signal: options.signal,
      });
      if (!response.ok) {
        const error = await runnerError(target, what, response);
        if (error.category === 'user') throw error;
        reason = error.message;
      } else if (!response.body) {
        reason = 'the stream has no body';
      } else {
        const parser = createSseParser();
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of parser.push(decoder.decode(value, { stream: true }))) {
              if (!message.data) continue;
              const event = parseEvent(message.data, what);
              if (event.seq <= lastSeq) continue;
              options.onEvent(event);
              lastSeq = event.seq;
              progressed = true;
              if (event.type === 'game_ended') return 'ended';
            }
          }
        } finally {
          await reader.cancel().catch(() => undefined);
        }
        reason = 'the runner closed the stream before the game ended';
      }
    } catch (error) {
      if (options.signal?.aborted) return 'stopped';
      if ((error as { category?: unknown }).category === 'user') throw error;
      if ((error as { code?: unknown }).code === RUNNER_CLIENT_ERRORS.FAILED) throw error;
      reason =
        error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : String(error);
    }
    failures = progressed ? 1 : failures + 1;
    if (failures > maxAttempts) {
      throw new ArenaError(
        `${what}: lost the event stream from ${target.url} after ${maxAttempts} attempts to reconnect (${reason})`,
        { code: RUNNER_CLIENT_ERRORS.STREAM_LOST, retriable: true, details: { gameId, lastSeq } },
      );
    }
    options.onReconnect?.(failures, reason);
    await abortable(Math.min(max, base * 2 ** (failures - 1)), options.signal);
  }
}

function parseEvent(data: string, what: string): GameEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (cause) {
    throw new ArenaError(`${what}: an event on the stream is not JSON`, {
      code: RUNNER_CLIENT_ERRORS.FAILED,
      cause,
    });
  }
  const parsed = GameEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new ArenaError(
      `${what}: an event on the stream is not a game event: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      { code: RUNNER_CLIENT_ERRORS.FAILED },
    );
  }
  // Checked, but passed on as sent, so `--json` prints exactly the stored event.
  return json as GameEvent;
}
