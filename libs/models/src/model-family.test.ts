import { describe, expect, it } from 'vitest';
import { modelFamily } from './model-family';

describe('modelFamily', () => {
  it.each([
    ['sim', 'sim'],
    ['openai:gpt-4o-mini', 'openai'],
    ['anthropic:claude-3-5-haiku-latest', 'anthropic'],
    ['ollama:llama3.1', 'meta'],
    ['ollama:qwen2.5:7b', 'qwen'],
    ['openai-compatible:http://127.0.0.1:8000/v1#gpt-4o', 'openai'],
    ['openai-compatible:http://127.0.0.1:8000/v1#mistralai/Mixtral-8x7B', 'mistral'],
    ['openai-compatible:http://127.0.0.1:8000/v1#zephyr-7b', 'zephyr'],
  ])('%s belongs to %s', (spec, family) => {
    expect(modelFamily(spec)).toBe(family);
  });
});
