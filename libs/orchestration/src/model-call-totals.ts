import type { GameEvent } from '@arena/models';

/** What the model calls of one caller (a seat, or an official role) on one model used. */
export interface ModelCallTotal {
  role: 'player' | 'judge' | 'narrator' | 'policy' | 'summariser';
  /** The seat the calls were made for; null for officials. */
  playerId: string | null;
  model: string;
  calls: number;
  /** Calls that produced nothing usable. */
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}

/**
 * The recorded `model_call` events of a log summed per caller and model, in order of first
 * call; {@link sumModelCalls} of the rows is the game's total.
 *
 * @example
 * const rows = modelCallTotals(events); // [{ role: 'narrator', model: 'sim', calls: 12, … }, …]
 */
export function modelCallTotals(events: readonly GameEvent[]): ModelCallTotal[] {
  const rows = new Map<string, ModelCallTotal>();
  for (const e of events) {
    if (e.type !== 'model_call') continue;
    const p = e.payload;
    const key = `${p.role}\u0000${p.playerId ?? ''}\u0000${p.model}`;
    const row = rows.get(key) ?? {
      role: p.role,
      playerId: p.playerId,
      model: p.model,
      calls: 0,
      failed: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: 0,
    };
    rows.set(key, {
      ...row,
      calls: row.calls + 1,
      failed: row.failed + (p.error ? 1 : 0),
      inputTokens: row.inputTokens + p.usage.inputTokens,
      outputTokens: row.outputTokens + p.usage.outputTokens,
      costUsd: row.costUsd + p.costUsd,
      latencyMs: row.latencyMs + p.latencyMs,
    });
  }
  return [...rows.values()];
}

/** The calls, failures, tokens, cost and latency of several rows added up. */
export function sumModelCalls(
  rows: readonly ModelCallTotal[],
): Omit<ModelCallTotal, 'role' | 'playerId' | 'model'> {
  return rows.reduce(
    (sum, r) => ({
      calls: sum.calls + r.calls,
      failed: sum.failed + r.failed,
      inputTokens: sum.inputTokens + r.inputTokens,
      outputTokens: sum.outputTokens + r.outputTokens,
      costUsd: sum.costUsd + r.costUsd,
      latencyMs: sum.latencyMs + r.latencyMs,
    }),
    { calls: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 },
  );
}
