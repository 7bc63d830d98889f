import { ArenaError } from '@arena/models';

/** Stable error codes raised while resolving embedding model specs. */
export const EMBEDDING_ERROR_CODES = {
  /** An embedding spec does not match any accepted form. */
  INVALID_EMBEDDING_SPEC: 'AGENTS_INVALID_EMBEDDING_SPEC',
} as const;

/** The forms an embedding model spec may take, for error messages and help text. */
export const EMBEDDING_SPEC_FORMS = [
  'openai:<model>',
  'ollama:<model>',
  'openai-compatible:<base-url>#<model>',
] as const;

/** A spec that matches none of {@link EMBEDDING_SPEC_FORMS}; `reason` says what is wrong. */
export function invalidEmbeddingSpec(spec: string, reason: string): ArenaError {
  return new ArenaError(
    `Invalid embedding model spec "${spec}": ${reason}. Accepted forms: ${EMBEDDING_SPEC_FORMS.join(', ')} (e.g. "openai:text-embedding-3-small", "ollama:nomic-embed-text", "openai-compatible:http://127.0.0.1:8080/v1#bge-small").`,
    {
      code: EMBEDDING_ERROR_CODES.INVALID_EMBEDDING_SPEC,
      category: 'user',
      details: { spec, reason, accepted: [...EMBEDDING_SPEC_FORMS] },
    },
  );
}
