import { err, ok, type ArenaError, type Result } from '@arena/models';
import type { ProviderSpec } from '../providers/endpoints';
import { safeParseModelSpec } from '../providers/parse-spec';
import { invalidEmbeddingSpec } from './errors';

/** A parsed embedding spec: a provider with an embeddings endpoint. */
export type EmbeddingSpec = Exclude<ProviderSpec, { provider: 'anthropic' }>;

/**
 * Parses an embedding model spec without throwing: `openai:<model>`, `ollama:<model>` or
 * `openai-compatible:<base-url>#<model>`. `sim` and `anthropic:` have no embeddings.
 *
 * @returns the parsed spec, or an `AGENTS_INVALID_EMBEDDING_SPEC` error naming the spec and the
 * accepted forms.
 */
export function safeParseEmbeddingSpec(spec: string): Result<EmbeddingSpec, ArenaError> {
  const parsed = safeParseModelSpec(spec);
  if (!parsed.ok) {
    const reason = String(parsed.error.details['reason'] ?? parsed.error.message);
    return err(invalidEmbeddingSpec(spec, reason));
  }
  const value = parsed.value;
  if (value.provider === 'sim') {
    return err(invalidEmbeddingSpec(spec, 'the built-in simulator has no embeddings'));
  }
  if (value.provider === 'anthropic') {
    return err(invalidEmbeddingSpec(spec, 'Anthropic offers no embeddings endpoint'));
  }
  return ok(value);
}

/**
 * Parses an embedding model spec (see {@link safeParseEmbeddingSpec} for the accepted forms).
 *
 * @throws ArenaError `AGENTS_INVALID_EMBEDDING_SPEC` (category `user`).
 * @example
 * parseEmbeddingSpec('ollama:nomic-embed-text'); // { provider: 'ollama', model: 'nomic-embed-text', … }
 */
export function parseEmbeddingSpec(spec: string): EmbeddingSpec {
  const parsed = safeParseEmbeddingSpec(spec);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
