import { ModelCallError } from '../llm/errors';
import type {
  CallMeta,
  ChatRequest,
  ChatResponse,
  ClientWrapper,
  ModelClient,
  Timing,
} from '../llm/types';
import { abortedError } from './abort';

export interface TimeoutOptions {
  /** Longest wait for one attempt, in ms of the injected clock. */
  ms: number;
}

/**
 * Bounds each call to `options.ms`. The inner call receives a signal that aborts when the time
 * is up or when `meta.signal` aborts; the caller then gets a `ModelCallError` of kind `timeout`
 * (retriable) or `aborted` (not retriable), even if the inner client ignores its signal.
 *
 * @example
 * const client = withTimeout({ ms: 60_000 }, realTiming)(provider);
 */
export function withTimeout(options: TimeoutOptions, timing: Timing): ClientWrapper {
  return (inner) => ({
    spec: inner.spec,
    complete: (request, meta) => completeWithin(inner, request, meta, options.ms, timing),
  });
}

async function completeWithin(
  inner: ModelClient,
  request: ChatRequest,
  meta: CallMeta,
  ms: number,
  timing: Timing,
): Promise<ChatResponse> {
  const outer = meta.signal;
  if (outer?.aborted) throw abortedError(inner.spec, meta);
  const call = new AbortController();
  const timer = new AbortController();
  const signal = outer ? AbortSignal.any([outer, call.signal]) : call.signal;
  let timedOut: ModelCallError | undefined;
  let stop: (error: ModelCallError) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  const onAbort = (): void => stop(abortedError(inner.spec, meta));
  outer?.addEventListener('abort', onAbort, { once: true });
  timing.sleep(ms, timer.signal).then(
    () => {
      if (timer.signal.aborted) return;
      timedOut = new ModelCallError(
        `${inner.spec} did not answer the ${meta.purpose} call within ${ms} ms`,
        { kind: 'timeout', spec: inner.spec },
      );
      call.abort(timedOut);
      stop(timedOut);
    },
    () => undefined,
  );
  try {
    return await Promise.race([inner.complete(request, { ...meta, signal }), stopped]);
  } catch (error) {
    if (outer?.aborted) throw abortedError(inner.spec, meta, error);
    throw timedOut ?? error;
  } finally {
    timer.abort();
    outer?.removeEventListener('abort', onAbort);
  }
}
