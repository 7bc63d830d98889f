/** What a model call cost; orchestration adds latency (from its injected clock) and records it. */
export interface ModelCallRecord {
  /** The model spec that answered, e.g. `sim` or `openai:gpt-4o-mini`. */
  model: string;
  /** Why the call was made: `act`, `defend`, `final_words`, `narrate`. */
  purpose: string;
  /** Sampling parameters sent with the call (part of a recording's key). */
  params: Record<string, unknown>;
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
}

/** A role's answer together with the record of the call that produced it. */
export interface Reply<T> {
  value: T;
  call: ModelCallRecord;
}
