import { isModelCallError, ModelCallError, type ModelErrorKind } from '../llm/errors';
import {
  EMPTY_STATS,
  type CallMeta,
  type CallStats,
  type ChatRequest,
  type ChatResponse,
  type ModelClient,
  type Timing,
  type Usage,
} from '../llm/types';

export const FAKE_SPEC = 'fake:model';

/** One scripted outcome of a fake provider call. */
export type FakeStep =
  /** Reply with `reply` (and `stats` over the empty ones) after `afterMs` of the injected clock. */
  | { reply: string; usage?: Usage; stats?: Partial<CallStats>; afterMs?: number }
  /** Fail with `error` after `afterMs`. */
  | { error: unknown; afterMs?: number }
  /** Never answer; reject with the signal's reason once the call is aborted. */
  | { hang: true };

export interface FakeCall {
  request: ChatRequest;
  meta: CallMeta;
}

export interface FakeClient extends ModelClient {
  /** Every call received, in order. */
  readonly calls: FakeCall[];
}

export interface FakeClientOptions {
  spec?: string;
  /** Needed for steps with `afterMs`. */
  timing?: Timing;
}

/**
 * A provider that plays `steps` in order, one per call, then keeps repeating the last one.
 *
 * @example
 * const provider = fakeClient([{ error: modelError('server') }, { reply: 'ok' }]);
 */
export function fakeClient(steps: FakeStep[], options: FakeClientOptions = {}): FakeClient {
  const calls: FakeCall[] = [];
  const spec = options.spec ?? FAKE_SPEC;
  return {
    spec,
    calls,
    complete: async (request, meta) => {
      const step = steps[Math.min(calls.length, steps.length - 1)];
      calls.push({ request, meta });
      if (!step) throw new Error('fakeClient needs at least one step');
      if ('hang' in step) return hang(meta.signal);
      if (step.afterMs !== undefined) {
        if (!options.timing) throw new Error('fakeClient needs timing for afterMs');
        await options.timing.sleep(step.afterMs, meta.signal);
      }
      if ('error' in step) throw step.error;
      const response = reply(step.reply, step.usage);
      return { ...response, stats: { ...response.stats, ...step.stats } };
    },
  };
}

/** A provider reply with empty stats, as providers return it. */
export function reply(
  text: string,
  usage: Usage = { inputTokens: 10, outputTokens: 5 },
): ChatResponse {
  return { text, usage, stats: { ...EMPTY_STATS } };
}

/** A provider error of the given kind for {@link FAKE_SPEC}. */
export function modelError(
  kind: ModelErrorKind,
  extra: { retryAfterMs?: number; status?: number; spec?: string } = {},
): ModelCallError {
  return new ModelCallError(`fake ${kind}`, { ...extra, kind, spec: extra.spec ?? FAKE_SPEC });
}

/** A small chat request. */
export function chatRequest(
  text = 'Say hello.',
  overrides: Partial<ChatRequest> = {},
): ChatRequest {
  return {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: text },
    ],
    params: { temperature: 0.2, maxTokens: 64 },
    ...overrides,
  };
}

/** Call metadata for a player's `act` call (or the given overrides). */
export function callMeta(overrides: Partial<CallMeta> = {}): CallMeta {
  return { playerId: 'P1', role: 'player', purpose: 'act', ...overrides };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** The `ModelCallError` a promise rejects with (fails the test on anything else). */
export async function modelFailure(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await rejection(promise);
  if (!isModelCallError(error)) throw new Error(`expected a ModelCallError, got ${String(error)}`);
  return error;
}

function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
