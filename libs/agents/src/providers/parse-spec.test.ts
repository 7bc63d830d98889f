import { describe, expect, it } from 'vitest';
import { PROVIDER_ERROR_CODES } from './errors';
import { parseModelSpec, safeParseModelSpec } from './parse-spec';

describe('parseModelSpec', () => {
  it('parses the simulator', () => {
    expect(parseModelSpec('sim')).toEqual({ provider: 'sim', model: 'sim', spec: 'sim' });
  });

  it.each([
    ['openai:gpt-4o-mini', 'openai', 'gpt-4o-mini'],
    ['anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['ollama:llama3.1:8b', 'ollama', 'llama3.1:8b'],
    ['ollama:qwen2.5', 'ollama', 'qwen2.5'],
  ])('parses %s', (spec, provider, model) => {
    expect(parseModelSpec(spec)).toEqual({ provider, model, spec });
  });

  it('parses an openai-compatible endpoint with its base URL and model', () => {
    const spec = 'openai-compatible:http://127.0.0.1:8080/v1#qwen2.5';

    expect(parseModelSpec(spec)).toEqual({
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'qwen2.5',
      spec,
    });
  });

  it('keeps slashes in an openai-compatible model and drops a trailing slash from the URL', () => {
    expect(
      parseModelSpec('openai-compatible:https://openrouter.ai/api/v1/#meta-llama/llama-3.1-8b'),
    ).toMatchObject({
      baseUrl: 'https://openrouter.ai/api/v1',
      model: 'meta-llama/llama-3.1-8b',
    });
  });

  it.each([
    ['', 'does not start with a provider name'],
    ['gpt-4o', 'does not start with a provider name'],
    ['openai:', 'model name is missing'],
    ['mistral:large', '"mistral" is not a known provider'],
    ['openai:gpt 4o', 'contains whitespace'],
    ['openai-compatible:http://127.0.0.1:8080/v1', '"#<model>" part is missing'],
    ['openai-compatible:http://127.0.0.1:8080/v1#', 'model name after "#" is missing'],
    ['openai-compatible:ftp://host/v1#m', 'not an http or https base URL'],
    ['openai-compatible:localhost:8080#m', 'not an http or https base URL'],
  ])('rejects %j because it %s', (spec, reason) => {
    const parsed = safeParseModelSpec(spec);

    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatchObject({
      code: PROVIDER_ERROR_CODES.INVALID_MODEL_SPEC,
      category: 'user',
    });
    expect(parsed.error.message).toContain(reason);
    expect(parsed.error.message).toContain(`"${spec}"`);
    expect(parsed.error.message).toContain('openai-compatible:<base-url>#<model>');
  });

  it('throws the same error from the throwing form', () => {
    expect(() => parseModelSpec('nope')).toThrow(
      expect.objectContaining({
        code: 'AGENTS_INVALID_MODEL_SPEC',
        details: expect.objectContaining({ spec: 'nope' }),
      }),
    );
  });
});
