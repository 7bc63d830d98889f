import { createHash } from 'node:crypto';
import type { ChatRequest } from '../llm/types';

/**
 * The key a call is recorded under: the sha256 (hex) of the canonical JSON (keys sorted) of the
 * spec, the sampling parameters, the messages and the output schema. Anything else about the
 * call (who asks, why) does not change what the model is asked, so it is not part of the key.
 *
 * @example
 * cassetteKey('openai:gpt-4o-mini', request); // '3f1c…' (64 hex digits)
 */
export function cassetteKey(spec: string, request: ChatRequest): string {
  const asked = {
    spec,
    params: request.params,
    messages: request.messages,
    schema: request.schema ?? null,
  };
  return createHash('sha256').update(canonicalJson(asked)).digest('hex');
}

/** JSON with object keys in sorted order at every depth, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
