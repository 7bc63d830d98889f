import { ArenaError } from '@arena/models';

/** Stable error codes raised while resolving model specs to providers. */
export const PROVIDER_ERROR_CODES = {
  /** A model spec does not match any accepted form. */
  INVALID_MODEL_SPEC: 'AGENTS_INVALID_MODEL_SPEC',
  /** A spec names a provider that this configuration cannot reach (a missing API key). */
  PROVIDER_NOT_CONFIGURED: 'AGENTS_PROVIDER_NOT_CONFIGURED',
} as const;

/** The forms a model spec may take, for error messages and help text. */
export const MODEL_SPEC_FORMS = [
  'sim',
  'openai:<model>',
  'anthropic:<model>',
  'ollama:<model>',
  'openai-compatible:<base-url>#<model>',
] as const;

/** A spec that matches none of {@link MODEL_SPEC_FORMS}; `reason` says what is wrong with it. */
export function invalidModelSpec(spec: string, reason: string): ArenaError {
  return new ArenaError(
    `Invalid model spec "${spec}": ${reason}. Accepted forms: ${MODEL_SPEC_FORMS.join(', ')} (e.g. "openai:gpt-4o-mini", "ollama:llama3.1:8b", "openai-compatible:http://127.0.0.1:8080/v1#qwen2.5").`,
    {
      code: PROVIDER_ERROR_CODES.INVALID_MODEL_SPEC,
      category: 'user',
      details: { spec, reason, accepted: [...MODEL_SPEC_FORMS] },
    },
  );
}

/** One spec that cannot be used with the current configuration, and why. */
export interface ProviderProblem {
  spec: string;
  problem: string;
}

/** Every spec of a game that cannot be used, in one error, so the game fails before it starts. */
export function providersNotConfigured(problems: ProviderProblem[]): ArenaError {
  const list = problems.map((p) => p.problem).join('; ');
  return new ArenaError(`Some models cannot be used with this configuration: ${list}.`, {
    code: PROVIDER_ERROR_CODES.PROVIDER_NOT_CONFIGURED,
    category: 'user',
    details: { problems: problems.map((p) => ({ spec: p.spec, problem: p.problem })) },
  });
}
