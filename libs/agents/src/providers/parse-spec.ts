import { err, ok } from '@arena/models';
import type { ArenaError, Result } from '@arena/models';
import { invalidModelSpec } from './errors';
import type { ParsedSpec, Provider } from './types';

const NAMED_PROVIDERS: ReadonlySet<string> = new Set<Exclude<Provider, 'openai-compatible'>>([
  'openai',
  'anthropic',
  'ollama',
]);
const COMPATIBLE = 'openai-compatible';

/**
 * Parses a model spec without throwing: `sim`, `openai:<model>`, `anthropic:<model>`,
 * `ollama:<model>` (the model may itself contain `:`) or `openai-compatible:<base-url>#<model>`
 * with an http(s) base URL.
 *
 * @returns the parsed spec, or an `AGENTS_INVALID_MODEL_SPEC` error naming the spec and the
 * accepted forms.
 */
export function safeParseModelSpec(spec: string): Result<ParsedSpec, ArenaError> {
  if (spec === 'sim') return ok({ provider: 'sim', model: 'sim', spec: 'sim' });
  if (/\s/.test(spec)) return err(invalidModelSpec(spec, 'it contains whitespace'));
  const colon = spec.indexOf(':');
  if (colon <= 0) return err(invalidModelSpec(spec, 'it does not start with a provider name'));
  const provider = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (provider === COMPATIBLE) return parseCompatible(spec, rest);
  if (!NAMED_PROVIDERS.has(provider)) {
    return err(invalidModelSpec(spec, `"${provider}" is not a known provider`));
  }
  if (rest === '') return err(invalidModelSpec(spec, 'the model name is missing'));
  return ok({ provider: provider as Exclude<Provider, 'openai-compatible'>, model: rest, spec });
}

/**
 * Parses a model spec (see {@link safeParseModelSpec} for the accepted forms).
 *
 * @throws ArenaError `AGENTS_INVALID_MODEL_SPEC` (category `user`) naming the spec and the
 * accepted forms.
 * @example
 * parseModelSpec('ollama:llama3.1:8b'); // { provider: 'ollama', model: 'llama3.1:8b', spec: 'ollama:llama3.1:8b' }
 * parseModelSpec('openai-compatible:http://127.0.0.1:8080/v1#qwen2.5');
 * // { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8080/v1', model: 'qwen2.5', spec: … }
 */
export function parseModelSpec(spec: string): ParsedSpec {
  const parsed = safeParseModelSpec(spec);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

function parseCompatible(spec: string, rest: string): Result<ParsedSpec, ArenaError> {
  const hash = rest.lastIndexOf('#');
  if (hash < 0) return err(invalidModelSpec(spec, 'the "#<model>" part is missing'));
  const baseUrl = rest.slice(0, hash);
  const model = rest.slice(hash + 1);
  if (model === '') return err(invalidModelSpec(spec, 'the model name after "#" is missing'));
  if (!isHttpUrl(baseUrl)) {
    return err(invalidModelSpec(spec, `"${baseUrl}" is not an http or https base URL`));
  }
  return ok({ provider: COMPATIBLE, model, baseUrl: baseUrl.replace(/\/+$/, ''), spec });
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
