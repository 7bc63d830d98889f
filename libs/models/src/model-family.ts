/** Model-name prefixes and the family (maker) they belong to, checked in order. */
const FAMILIES: ReadonlyArray<[RegExp, string]> = [
  [/^(?:gpt|o\d|chatgpt|text-davinci|davinci)/, 'openai'],
  [/^claude/, 'anthropic'],
  [/^(?:llama|codellama)/, 'meta'],
  [/^(?:gemma|gemini)/, 'google'],
  [/^(?:mistral|mixtral|codestral|ministral)/, 'mistral'],
  [/^qwen/, 'qwen'],
  [/^deepseek/, 'deepseek'],
  [/^phi/, 'microsoft'],
  [/^command/, 'cohere'],
];

/**
 * The family (maker) of a model spec, used to tell when a judge scores a speaker of its own
 * family: `openai:*` is `openai`, `anthropic:*` is `anthropic`, `sim` is `sim`, and for servers
 * that host many families (`ollama:`, `openai-compatible:`) the model name decides
 * (`ollama:llama3.1` → `meta`); an unknown name is its own family (its leading letters).
 *
 * @example
 * modelFamily('openai-compatible:http://127.0.0.1:8000/v1#qwen2.5-7b') // 'qwen'
 */
export function modelFamily(spec: string): string {
  if (spec === 'sim') return 'sim';
  const colon = spec.indexOf(':');
  const provider = colon < 0 ? '' : spec.slice(0, colon);
  if (provider === 'openai') return 'openai';
  if (provider === 'anthropic') return 'anthropic';
  const rest = colon < 0 ? spec : spec.slice(colon + 1);
  const hash = rest.lastIndexOf('#');
  const name = (hash >= 0 ? rest.slice(hash + 1) : rest).toLowerCase().replace(/^.*\//, '');
  for (const [pattern, family] of FAMILIES) if (pattern.test(name)) return family;
  return /^[a-z]+/.exec(name)?.[0] ?? name;
}
