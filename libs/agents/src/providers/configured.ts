import { baseUrlFor } from './endpoints';
import { providersNotConfigured } from './errors';
import { parseModelSpec } from './parse-spec';
import type { ParsedSpec, Provider, ProviderSettings } from './types';

/** The key sent to `openai-compatible` endpoints that need none (the SDK requires a string). */
export const PLACEHOLDER_API_KEY = 'not-needed';

const KEY_VARIABLES = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' } as const;

/**
 * Why `parsed` cannot be used with `settings`, as a sentence for the operator, or null when it
 * can. OpenAI and Anthropic need an API key; Ollama and `openai-compatible` endpoints need none.
 *
 * @example
 * providerProblem(parseModelSpec('openai:gpt-4o-mini'), {});
 * // 'openai:gpt-4o-mini needs an API key: set OPENAI_API_KEY'
 */
export function providerProblem(parsed: ParsedSpec, settings: ProviderSettings): string | null {
  if (parsed.provider === 'openai' || parsed.provider === 'anthropic') {
    if (apiKeyFor(parsed, settings) !== undefined) return null;
    return `${parsed.spec} needs an API key: set ${KEY_VARIABLES[parsed.provider]}`;
  }
  return null;
}

/**
 * The API key a spec is called with: the provider's configured key, or for `openai-compatible`
 * the shared key when set and {@link PLACEHOLDER_API_KEY} otherwise. Undefined when a required
 * key is missing (and for `sim` and Ollama, which use none).
 */
export function apiKeyFor(parsed: ParsedSpec, settings: ProviderSettings): string | undefined {
  switch (parsed.provider) {
    case 'openai':
      return nonEmpty(settings.openai?.apiKey);
    case 'anthropic':
      return nonEmpty(settings.anthropic?.apiKey);
    case 'openai-compatible':
      return nonEmpty(settings.openaiCompatible?.apiKey) ?? PLACEHOLDER_API_KEY;
    default:
      return undefined;
  }
}

/**
 * Checks every spec of a game against the configuration at once, so a game fails when it is
 * created and never in the middle of play.
 *
 * @throws ArenaError `AGENTS_INVALID_MODEL_SPEC` for a malformed spec, or
 * `AGENTS_PROVIDER_NOT_CONFIGURED` (category `user`) listing every spec that cannot be used.
 * @example
 * assertProvidersConfigured(['openai:gpt-4o-mini', 'sim'], { openai: { apiKey } });
 */
export function assertProvidersConfigured(
  specs: readonly string[],
  settings: ProviderSettings,
): void {
  const problems = [...new Set(specs)].flatMap((spec) => {
    const problem = providerProblem(parseModelSpec(spec), settings);
    return problem === null ? [] : [{ spec, problem }];
  });
  if (problems.length > 0) throw providersNotConfigured(problems);
}

/** One row of `arena models`: a spec, its provider, where it is sent and whether it can be used. */
export interface ModelDescription {
  spec: string;
  provider: Provider | 'sim';
  configured: boolean;
  problem: string | null;
  /** The base URL calls go to, or `built-in` for the simulator. */
  endpoint: string;
}

/**
 * Describes each spec for an operator: provider, endpoint and configuration problem, if any.
 *
 * @throws ArenaError `AGENTS_INVALID_MODEL_SPEC` for a malformed spec.
 * @example
 * describeModels(['sim', 'ollama:llama3.1:8b'], {});
 * // [{ spec: 'sim', provider: 'sim', configured: true, problem: null, endpoint: 'built-in' },
 * //  { spec: 'ollama:llama3.1:8b', provider: 'ollama', configured: true, problem: null,
 * //    endpoint: 'http://127.0.0.1:11434' }]
 */
export function describeModels(
  specs: readonly string[],
  settings: ProviderSettings,
): ModelDescription[] {
  return specs.map((spec) => {
    const parsed = parseModelSpec(spec);
    const problem = providerProblem(parsed, settings);
    return {
      spec,
      provider: parsed.provider,
      configured: problem === null,
      problem,
      endpoint: parsed.provider === 'sim' ? 'built-in' : baseUrlFor(parsed, settings),
    };
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
