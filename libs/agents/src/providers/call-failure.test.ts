import { steppingClock } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../llm/errors';
import { toModelCallError } from './call-failure';
import type { CallFailureContext } from './call-failure';

const CONTEXT: CallFailureContext = {
  spec: 'openai:gpt-4o-mini',
  streamStarted: false,
  clock: steppingClock(),
};

function httpError(status: number, headers?: Record<string, string>): Error {
  return Object.assign(new Error(`${status} from the provider`), {
    status,
    headers: new Headers(headers),
  });
}

describe('toModelCallError', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'bad_request'],
    [408, 'timeout'],
    [422, 'bad_request'],
    [429, 'rate_limited'],
    [500, 'server'],
    [503, 'server'],
  ])('maps HTTP %i to %s and keeps the status', (status, kind) => {
    expect(toModelCallError(httpError(status), CONTEXT)).toMatchObject({ kind, status });
  });

  it('reads Ollama-style errors that carry status_code and no headers, with the observed response', () => {
    const error = Object.assign(new Error('too many requests'), { status_code: 429 });

    const mapped = toModelCallError(error, {
      ...CONTEXT,
      response: { status: 429, headers: new Headers({ 'retry-after': '3' }) },
    });

    expect(mapped).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 3000 });
  });

  it('takes the wait of a 429 from its headers', () => {
    expect(toModelCallError(httpError(429, { 'retry-after': '2' }), CONTEXT).retryAfterMs).toBe(
      2000,
    );
  });

  it('maps a refused connection, found down the cause chain, to network', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    const error = new Error('Connection error.', {
      cause: new TypeError('fetch failed', { cause: refused }),
    });

    expect(toModelCallError(error, CONTEXT)).toMatchObject({ kind: 'network', retriable: true });
  });

  it('maps any failure after a stream started to network', () => {
    expect(
      toModelCallError(new Error('unexpected token'), { ...CONTEXT, streamStarted: true }).kind,
    ).toBe('network');
  });

  it('maps a failure once the caller aborted to aborted, whatever was thrown', () => {
    const controller = new AbortController();
    controller.abort();

    expect(toModelCallError(httpError(500), { ...CONTEXT, signal: controller.signal }).kind).toBe(
      'aborted',
    );
  });

  it('maps an SDK timeout to timeout', () => {
    const error = Object.assign(new Error('Request timed out.'), { name: 'TimeoutError' });

    expect(toModelCallError(error, CONTEXT).kind).toBe('timeout');
  });

  it('maps a request rejected before sending to bad_request', () => {
    expect(
      toModelCallError(new Error('System message should be the first one'), CONTEXT),
    ).toMatchObject({
      kind: 'bad_request',
      retriable: false,
    });
  });

  it('passes a ModelCallError through unchanged', () => {
    const error = new ModelCallError('empty', { kind: 'empty_reply', spec: CONTEXT.spec });

    expect(toModelCallError(error, CONTEXT)).toBe(error);
  });

  it('names the spec and keeps the cause', () => {
    const cause = httpError(500);
    const mapped = toModelCallError(cause, CONTEXT);

    expect(mapped.message).toContain('openai:gpt-4o-mini');
    expect(mapped.cause).toBe(cause);
    expect(mapped.spec).toBe('openai:gpt-4o-mini');
  });
});
