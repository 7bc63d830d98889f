import type { Clock } from '@arena/models';
import { isModelCallError, ModelCallError } from '../llm/errors';
import type { ModelErrorKind } from '../llm/errors';
import { retryAfterMs } from './retry-after';
import type { HeaderSource } from './retry-after';

/** What the client knew about a call when it failed. */
export interface CallFailureContext {
  spec: string;
  /** The caller's signal: when it is aborted, the failure is an abort whatever the SDK threw. */
  signal?: AbortSignal;
  /** True once a streamed reply delivered its first chunk: a later failure broke the stream. */
  streamStarted: boolean;
  /** The last HTTP response seen, for SDKs whose errors carry a status but no headers (Ollama). */
  response?: { status: number; headers: HeaderSource };
  /** Turns a `Retry-After` date into a wait. */
  clock: Clock;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);
const NETWORK_NAMES = new Set(['APIConnectionError', 'FetchError']);
const NETWORK_MESSAGE =
  /fetch failed|terminated|other side closed|socket hang up|premature close|connection error|did not receive done/i;
const TIMEOUT_NAMES = new Set(['APIConnectionTimeoutError', 'TimeoutError']);
const ABORT_NAMES = new Set(['AbortError', 'APIUserAbortError']);
const MAX_CAUSE_DEPTH = 6;

/**
 * Turns whatever a LangChain class or provider SDK threw into a {@link ModelCallError} with a
 * `kind` the retry policy understands: HTTP 429 → `rate_limited` (with the server's
 * `Retry-After`), 408 → `timeout`, 5xx → `server`, 401/403 → `auth`, other 4xx → `bad_request`;
 * refused, reset or cut connections (and any failure after a stream started) → `network`; an
 * aborted signal → `aborted`. Errors that are none of these come from the request itself
 * (rejected before sending) and map to `bad_request`.
 */
export function toModelCallError(error: unknown, context: CallFailureContext): ModelCallError {
  if (isModelCallError(error)) return error;
  const { spec } = context;
  const detail = messageOf(error);
  if (context.signal?.aborted === true || causeChain(error).some(isAbortError)) {
    return new ModelCallError(`${spec}: the call was aborted`, {
      kind: 'aborted',
      spec,
      cause: error,
    });
  }
  const status = statusOf(error);
  if (status !== undefined) {
    const kind = kindForStatus(status);
    const headers =
      headersOf(error) ??
      (context.response?.status === status ? context.response.headers : undefined);
    return new ModelCallError(`${spec}: HTTP ${status} (${kind}): ${detail}`, {
      kind,
      spec,
      status,
      retryAfterMs:
        kind === 'rate_limited' ? retryAfterMs(headers, context.clock.now()) : undefined,
      cause: error,
    });
  }
  const kind = kindWithoutStatus(error, context.streamStarted);
  return new ModelCallError(
    `${spec}: ${kind === 'bad_request' ? 'request failed' : kind}: ${detail}`,
    {
      kind,
      spec,
      cause: error,
    },
  );
}

function kindForStatus(status: number): ModelErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  return 'bad_request';
}

function kindWithoutStatus(error: unknown, streamStarted: boolean): ModelErrorKind {
  const chain = causeChain(error);
  if (chain.some((e) => namesOf(e).some((name) => TIMEOUT_NAMES.has(name)))) return 'timeout';
  if (streamStarted || chain.some(isNetworkError)) return 'network';
  return 'bad_request';
}

function isNetworkError(error: unknown): boolean {
  const code = field(error, 'code');
  return (
    (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) ||
    namesOf(error).some((name) => NETWORK_NAMES.has(name)) ||
    NETWORK_MESSAGE.test(messageOf(error))
  );
}

function isAbortError(error: unknown): boolean {
  return (
    namesOf(error).some((name) => ABORT_NAMES.has(name)) || field(error, 'code') === 'ABORT_ERR'
  );
}

/** HTTP status from the openai/anthropic SDK errors (`status`) or Ollama's (`status_code`). */
function statusOf(error: unknown): number | undefined {
  for (const candidate of [
    field(error, 'status'),
    field(error, 'status_code'),
    field(field(error, 'response'), 'status'),
  ]) {
    if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  }
  return undefined;
}

function headersOf(error: unknown): HeaderSource | undefined {
  const headers = field(error, 'headers') ?? field(field(error, 'response'), 'headers');
  return typeof headers === 'object' && headers !== null ? (headers as HeaderSource) : undefined;
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < MAX_CAUSE_DEPTH) {
    chain.push(current);
    current = field(current, 'cause');
  }
  return chain;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The error's `name` and its class name: the SDKs' error classes keep the default `name`. */
function namesOf(error: unknown): string[] {
  const name = field(error, 'name');
  const ctor = typeof error === 'object' && error !== null ? (error.constructor?.name ?? '') : '';
  return [typeof name === 'string' ? name : '', ctor];
}

function messageOf(error: unknown): string {
  const message = field(error, 'message');
  const text = typeof message === 'string' ? message : String(error);
  return text.split('\n')[0] ?? text;
}
