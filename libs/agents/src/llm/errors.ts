import { ArenaError } from '@arena/models';
import type { CallStats } from './types';

/**
 * Why a model call failed. `timeout`, `rate_limited`, `server`, `network` and `empty_reply` are
 * retriable (asking again may well succeed); the others are not.
 */
export const MODEL_ERROR_KINDS = [
  'timeout',
  'rate_limited',
  'server',
  'network',
  'auth',
  'bad_request',
  'empty_reply',
  'cassette_miss',
  'aborted',
] as const;
export type ModelErrorKind = (typeof MODEL_ERROR_KINDS)[number];

const RETRIABLE: ReadonlySet<ModelErrorKind> = new Set([
  'timeout',
  'rate_limited',
  'server',
  'network',
  'empty_reply',
]);

export const MODEL_ERROR_CODE = 'AGENTS_MODEL_CALL_FAILED';
export const BUDGET_ERROR_CODE = 'AGENTS_BUDGET_EXCEEDED';

export interface ModelCallErrorOptions {
  kind: ModelErrorKind;
  spec: string;
  /** HTTP status when the provider answered with one. */
  status?: number;
  /** Server-requested wait before retrying (from `Retry-After`), in ms. */
  retryAfterMs?: number;
  /** Filled in by the wrappers as the error passes through them. */
  stats?: Partial<CallStats>;
  cause?: unknown;
}

/** A model call that did not produce a reply (after the retry policy, when it is wrapped). */
export class ModelCallError extends ArenaError {
  readonly kind: ModelErrorKind;
  readonly spec: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  stats: CallStats;

  constructor(message: string, options: ModelCallErrorOptions) {
    super(message, {
      code: MODEL_ERROR_CODE,
      category: options.kind === 'auth' || options.kind === 'bad_request' ? 'user' : 'provider',
      retriable: RETRIABLE.has(options.kind),
      details: { kind: options.kind, spec: options.spec, status: options.status ?? null },
      cause: options.cause,
    });
    this.name = 'ModelCallError';
    this.kind = options.kind;
    this.spec = options.spec;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.stats = { attempts: 1, latencyMs: 0, costUsd: 0, replayed: false, ...options.stats };
  }
}

export function isModelCallError(value: unknown): value is ModelCallError {
  return value instanceof ModelCallError;
}

export type BudgetScope = 'game' | 'seat';
export type BudgetMeasure = 'tokens' | 'usd' | 'wallSeconds';

/** A budget is spent: the game must end cleanly with reason `aborted` (cause `budget`). */
export class BudgetExceededError extends ArenaError {
  constructor(
    message: string,
    readonly scope: BudgetScope,
    readonly measure: BudgetMeasure,
    readonly limit: number,
    readonly used: number,
    readonly playerId: string | null,
  ) {
    super(message, {
      code: BUDGET_ERROR_CODE,
      category: 'user',
      details: { scope, measure, limit, used, playerId },
    });
    this.name = 'BudgetExceededError';
  }
}

export function isBudgetExceeded(value: unknown): value is BudgetExceededError {
  return value instanceof BudgetExceededError;
}
