import { gameRng } from '@arena/models';
import type { LoopbackReply, LoopbackResponder } from './loopback-types';

/**
 * Answers requests with `replies` in order, then keeps repeating the last one.
 *
 * @example
 * scriptedResponder([{ status: 429, headers: { 'retry-after': '1' } }, { text: 'OK' }]);
 */
export function scriptedResponder(
  replies: readonly [LoopbackReply, ...LoopbackReply[]],
): LoopbackResponder {
  let next = 0;
  return () => {
    const reply = replies[Math.min(next, replies.length - 1)] ?? replies[0];
    next += 1;
    return reply;
  };
}

/**
 * The faults {@link faultyResponder} injects, in the order it cycles through them:
 * - `rate_limited`: HTTP 429 with `Retry-After` (seconds);
 * - `server_error`: HTTP 500;
 * - `malformed_json`: a normal reply whose text is JSON that never closes;
 * - `empty`: a well-formed reply with empty content;
 * - `hang`: no answer at all (only the client's timeout or abort ends it);
 * - `truncated`: the start of the reply, then the connection is dropped.
 */
export const LOOPBACK_FAULTS = [
  'rate_limited',
  'server_error',
  'malformed_json',
  'empty',
  'hang',
  'truncated',
] as const;
export type LoopbackFault = (typeof LOOPBACK_FAULTS)[number];

/** How often {@link faultyResponder} injects a fault, and from which seed. */
export interface FaultOptions {
  /** Fraction of requests turned into faults, in [0, 1]. */
  rate: number;
  /** Seed of the draw deciding which requests fail: the same seed fails the same requests. */
  seed: number;
  /** The `Retry-After` of injected 429s, in seconds. @default 1 */
  retryAfterSeconds?: number;
}

/**
 * Wraps a responder so that a seeded fraction of requests fail, cycling through
 * {@link LOOPBACK_FAULTS}; the other requests go to `inner`. Which requests fail depends only on
 * the seed and the order of arrival.
 *
 * @example
 * const model = await startLoopbackModel(faultyResponder(() => ({ text: '{"ok":true}' }), { rate: 0.3, seed: 7 }));
 */
export function faultyResponder(
  inner: LoopbackResponder,
  options: FaultOptions,
): LoopbackResponder {
  const rng = gameRng(options.seed, 'loopback:faults');
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  let next = 0;
  return (request) => {
    if (rng.next() >= options.rate) return inner(request);
    const fault = LOOPBACK_FAULTS[next % LOOPBACK_FAULTS.length] ?? 'server_error';
    next += 1;
    return faultReply(fault, retryAfter);
  };
}

function faultReply(fault: LoopbackFault, retryAfter: string): LoopbackReply {
  switch (fault) {
    case 'rate_limited':
      return { status: 429, headers: { 'retry-after': retryAfter } };
    case 'server_error':
      return { status: 500 };
    case 'malformed_json':
      return { text: '{"reply": "this JSON never closes' };
    case 'empty':
      return { empty: true };
    case 'hang':
      return { hang: true };
    case 'truncated':
      return { truncate: true, text: 'This reply is cut off before it reaches its end.' };
  }
}
