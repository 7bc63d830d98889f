import { describe, expect, it } from 'vitest';
import {
  assertProvidersConfigured,
  describeModels,
  PLACEHOLDER_API_KEY,
  apiKeyFor,
  providerProblem,
} from './configured';
import { parseModelSpec } from './parse-spec';

describe('providerProblem', () => {
  it('asks for an OpenAI key when none is set', () => {
    expect(providerProblem(parseModelSpec('openai:gpt-4o-mini'), {})).toBe(
      'openai:gpt-4o-mini needs an API key: set OPENAI_API_KEY',
    );
  });

  it('asks for an Anthropic key when the configured one is empty', () => {
    expect(
      providerProblem(parseModelSpec('anthropic:claude-sonnet-4-5'), { anthropic: { apiKey: '' } }),
    ).toBe('anthropic:claude-sonnet-4-5 needs an API key: set ANTHROPIC_API_KEY');
  });

  it.each([
    ['openai:gpt-4o-mini', { openai: { apiKey: 'sk-test' } }],
    ['anthropic:claude-sonnet-4-5', { anthropic: { apiKey: 'sk-ant' } }],
    ['ollama:llama3.1:8b', {}],
    ['openai-compatible:http://127.0.0.1:8080/v1#qwen2.5', {}],
    ['sim', {}],
  ])('finds nothing wrong with %s', (spec, settings) => {
    expect(providerProblem(parseModelSpec(spec), settings)).toBeNull();
  });
});

describe('apiKeyFor', () => {
  const compatible = parseModelSpec(
    'openai-compatible:https://api.groq.com/openai/v1#llama-3.1-8b-instant',
  );

  it('sends the shared key to openai-compatible endpoints when one is configured', () => {
    expect(apiKeyFor(compatible, { openaiCompatible: { apiKey: 'gsk-test' } })).toBe('gsk-test');
  });

  it('sends a placeholder to openai-compatible endpoints otherwise', () => {
    expect(apiKeyFor(compatible, {})).toBe(PLACEHOLDER_API_KEY);
  });
});

describe('assertProvidersConfigured', () => {
  it('accepts specs that need nothing more', () => {
    expect(() => assertProvidersConfigured(['sim', 'ollama:llama3.1:8b'], {})).not.toThrow();
  });

  it('lists every problem in one error', () => {
    const specs = [
      'openai:gpt-4o-mini',
      'sim',
      'anthropic:claude-sonnet-4-5',
      'openai:gpt-4o-mini',
    ];

    expect(() => assertProvidersConfigured(specs, {})).toThrow(
      expect.objectContaining({
        code: 'AGENTS_PROVIDER_NOT_CONFIGURED',
        category: 'user',
        message: expect.stringMatching(/OPENAI_API_KEY.*ANTHROPIC_API_KEY/),
        details: {
          problems: [
            {
              spec: 'openai:gpt-4o-mini',
              problem: 'openai:gpt-4o-mini needs an API key: set OPENAI_API_KEY',
            },
            {
              spec: 'anthropic:claude-sonnet-4-5',
              problem: 'anthropic:claude-sonnet-4-5 needs an API key: set ANTHROPIC_API_KEY',
            },
          ],
        },
      }),
    );
  });

  it('rejects a malformed spec as invalid', () => {
    expect(() => assertProvidersConfigured(['gpt-4o'], {})).toThrow(
      expect.objectContaining({ code: 'AGENTS_INVALID_MODEL_SPEC' }),
    );
  });
});

describe('describeModels', () => {
  it('describes each spec with its endpoint and whether it can be used', () => {
    const rows = describeModels(
      [
        'sim',
        'openai:gpt-4o-mini',
        'anthropic:claude-sonnet-4-5',
        'ollama:llama3.1:8b',
        'openai-compatible:http://127.0.0.1:8080/v1#qwen2.5',
      ],
      {
        anthropic: { apiKey: 'sk-ant', baseUrl: 'http://127.0.0.1:9000' },
        ollama: { baseUrl: 'http://gpu-box:11434' },
      },
    );

    expect(rows).toEqual([
      { spec: 'sim', provider: 'sim', configured: true, problem: null, endpoint: 'built-in' },
      {
        spec: 'openai:gpt-4o-mini',
        provider: 'openai',
        configured: false,
        problem: 'openai:gpt-4o-mini needs an API key: set OPENAI_API_KEY',
        endpoint: 'https://api.openai.com/v1',
      },
      {
        spec: 'anthropic:claude-sonnet-4-5',
        provider: 'anthropic',
        configured: true,
        problem: null,
        endpoint: 'http://127.0.0.1:9000',
      },
      {
        spec: 'ollama:llama3.1:8b',
        provider: 'ollama',
        configured: true,
        problem: null,
        endpoint: 'http://gpu-box:11434',
      },
      {
        spec: 'openai-compatible:http://127.0.0.1:8080/v1#qwen2.5',
        provider: 'openai-compatible',
        configured: true,
        problem: null,
        endpoint: 'http://127.0.0.1:8080/v1',
      },
    ]);
  });
});
