import { z } from 'zod';
import {
  isModelCallError,
  MODEL_ERROR_KINDS,
  ModelCallError,
  type ModelErrorKind,
} from '../llm/errors';
import type { CallMeta, CallStats, ChatResponse, ClientWrapper } from '../llm/types';
import { abortedError } from './abort';
import { cassetteKey } from './cassette-key';

/**
 * `replay` serves recorded calls only (a miss fails), `record` calls the provider and records
 * every call, `auto` replays what is recorded and records the rest.
 */
export const CASSETTE_MODES = ['record', 'replay', 'auto'] as const;
export type CassetteMode = (typeof CASSETTE_MODES)[number];

const UsageSchema = z.strictObject({
  inputTokens: z.number().min(0),
  outputTokens: z.number().min(0),
});

/** One recorded call: its final outcome after retries, with the stats it had. */
export const CassetteEntrySchema = z
  .strictObject({
    /** {@link cassetteKey} of the call. */
    key: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
    spec: z.string().min(1),
    purpose: z.string(),
    response: z.strictObject({ text: z.string(), usage: UsageSchema }).optional(),
    stats: z.strictObject({
      attempts: z.number().int().min(1),
      latencyMs: z.number().min(0),
      costUsd: z.number().min(0),
    }),
    error: z
      .strictObject({
        kind: z.enum(MODEL_ERROR_KINDS),
        message: z.string(),
        status: z.number().int().optional(),
        retryAfterMs: z.number().min(0).optional(),
      })
      .optional(),
  })
  .refine((entry) => (entry.response === undefined) !== (entry.error === undefined), {
    message: 'an entry has either a response or an error, not both',
  });
export type CassetteEntry = z.infer<typeof CassetteEntrySchema>;

/** Recorded model calls, looked up by {@link cassetteKey}. */
export interface Cassette {
  readonly mode: CassetteMode;
  /**
   * The next recorded entry for `key`: entries with the same key (the same prompt asked again)
   * are served in recorded order, then the last one keeps being served.
   */
  lookup(key: string): CassetteEntry | undefined;
  /** Stores an entry as soon as its call ends. */
  record(entry: CassetteEntry): void;
  close(): Promise<void>;
}

/** Outcomes that say something about the model; a cancelled call or a miss does not. */
const UNRECORDED: ReadonlySet<ModelErrorKind> = new Set(['aborted', 'cassette_miss']);

/**
 * Serves calls from `cassette` and records new ones, so a game recorded once replays offline
 * with the same replies, attempts, latency and cost. A miss in `replay` mode fails with a
 * non-retriable `ModelCallError` of kind `cassette_miss`.
 *
 * @example
 * const client = withCassette(openFileCassette('games/g1.cassette.jsonl', 'auto'))(provider);
 */
export function withCassette(cassette: Cassette): ClientWrapper {
  return (inner) => ({
    spec: inner.spec,
    complete: async (request, meta) => {
      const key = cassetteKey(inner.spec, request);
      const recorded = cassette.mode === 'record' ? undefined : cassette.lookup(key);
      if (recorded) {
        if (meta.signal?.aborted) throw abortedError(inner.spec, meta);
        return replay(recorded);
      }
      if (cassette.mode === 'replay') throw cassetteMiss(inner.spec, meta);
      const call = { key, spec: inner.spec, purpose: meta.purpose };
      try {
        const response = await inner.complete(request, meta);
        const { text, usage } = response;
        cassette.record({
          ...call,
          response: { text, usage },
          stats: recordedStats(response.stats),
        });
        return response;
      } catch (error) {
        if (isModelCallError(error) && !UNRECORDED.has(error.kind)) {
          const { kind, message, status, retryAfterMs } = error;
          cassette.record({
            ...call,
            error: { kind, message, status, retryAfterMs },
            stats: recordedStats(error.stats),
          });
        }
        throw error;
      }
    },
  });
}

function replay(entry: CassetteEntry): ChatResponse {
  const stats: CallStats = { ...entry.stats, replayed: true };
  if (entry.response) return { ...entry.response, stats };
  const error = entry.error ?? { kind: 'empty_reply' as const, message: 'no recorded outcome' };
  throw new ModelCallError(error.message, {
    kind: error.kind,
    spec: entry.spec,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    stats,
  });
}

function recordedStats(stats: CallStats): CassetteEntry['stats'] {
  return { attempts: stats.attempts, latencyMs: stats.latencyMs, costUsd: stats.costUsd };
}

function cassetteMiss(spec: string, meta: CallMeta): ModelCallError {
  return new ModelCallError(
    `The cassette has no recorded ${meta.purpose} call to ${spec} with this prompt; record it (cassette mode "record" or "auto") or run with the provider`,
    { kind: 'cassette_miss', spec },
  );
}
