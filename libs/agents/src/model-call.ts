import type { GroundTruth } from '@arena/models';
import { ArenaError } from '@arena/models';
import type { ModelErrorKind } from './llm/errors';
import type { Usage } from './llm/types';

/** One model call as the game records it (a `model_call` event). */
export interface ModelCallRecord {
  /** The model spec that answered, e.g. `sim` or `openai:gpt-4o-mini`. */
  model: string;
  /** Why the call was made: `act`, `defend`, `final_words`, `narrate`, `score`, `verdict`, … */
  purpose: string;
  /** Sampling parameters sent with the call (part of a cassette key). */
  params: Record<string, unknown>;
  usage: Usage;
  costUsd: number;
  /** Measured by the wrappers (replayed from a cassette); orchestration measures it otherwise. */
  latencyMs?: number;
  /** Attempts the retry policy made. @default 1 */
  attempts?: number;
  /** Served from a cassette. @default false */
  replayed?: boolean;
  /** Set when the call produced no usable reply. */
  error?: { kind: ModelErrorKind | 'invalid_output'; message: string };
}

/** A role's answer together with every model call made to produce it (repairs included). */
export interface Reply<T> {
  value: T;
  calls: ModelCallRecord[];
  /** What the author knows it did (only the `sim` player says); recorded hidden from roles. */
  truth?: GroundTruth;
}

export const ROLE_ERROR_CODE = 'AGENTS_ROLE_CALL_FAILED';

/**
 * A role could not produce a valid answer: the model failed after the retry policy
 * (`model_error`) or kept replying with something that does not validate after the bounded
 * repair (`invalid_output`). Carries every call made, and the last raw reply, so the game can
 * record the failure instead of inventing text.
 */
export class RoleCallError extends ArenaError {
  constructor(
    message: string,
    readonly reason: 'invalid_output' | 'model_error',
    readonly calls: ModelCallRecord[],
    readonly raw: string | null,
    cause?: unknown,
  ) {
    super(message, {
      code: ROLE_ERROR_CODE,
      category: 'provider',
      details: { reason, raw },
      cause,
    });
    this.name = 'RoleCallError';
  }
}

export function isRoleCallError(value: unknown): value is RoleCallError {
  return value instanceof RoleCallError;
}
