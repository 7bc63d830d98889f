/** Where a failure comes from: the caller's input, Arena itself, or a model provider. */
export type ErrorCategory = 'user' | 'system' | 'provider';

export interface ArenaErrorOptions {
  /** Stable UPPER_SNAKE code; check errors by code, never by `instanceof` across packages. */
  code: string;
  /** @default 'system' */
  category?: ErrorCategory;
  /** Whether repeating the same operation may succeed. @default false */
  retriable?: boolean;
  /** JSON-safe context (field paths, ids, allowed values). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error base class of Arena. Every library defines its codes on top of it. */
export class ArenaError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: ArenaErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ArenaError';
    this.code = options.code;
    this.category = options.category ?? 'system';
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      retriable: this.retriable,
      message: this.message,
      details: this.details,
    };
  }
}

/** True when `value` looks like an ArenaError with the given code (works across package copies). */
export function hasErrorCode(value: unknown, code: string): boolean {
  return typeof value === 'object' && value !== null && (value as { code?: unknown }).code === code;
}

/** Result form for operations where failure is expected (parsing, decoding, validating). */
export type Result<T, E = ArenaError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
