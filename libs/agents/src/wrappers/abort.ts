import { isModelCallError, ModelCallError } from '../llm/errors';
import type { CallMeta, CallStats } from '../llm/types';

/**
 * The error every wrapper throws when the caller cancels a call through `meta.signal`, so the
 * caller sees one kind (`aborted`, never retried) whichever layer noticed first.
 */
export function abortedError(
  spec: string,
  meta: CallMeta,
  cause?: unknown,
  stats?: Partial<CallStats>,
): ModelCallError {
  const error =
    isModelCallError(cause) && cause.kind === 'aborted'
      ? cause
      : new ModelCallError(`The ${meta.purpose} call to ${spec} was cancelled`, {
          kind: 'aborted',
          spec,
          cause: cause ?? meta.signal?.reason,
        });
  if (stats) error.stats = { ...error.stats, ...stats };
  return error;
}
