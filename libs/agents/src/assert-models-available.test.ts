import { hasErrorCode, type ArenaError } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { assertModelsAvailable } from './assert-models-available';
import { createNarrator } from './create-narrator';
import { createPlayerAgent } from './create-player-agent';
import { AGENTS_ERROR_CODES } from './errors';

function thrown(fn: () => unknown): ArenaError {
  try {
    fn();
  } catch (error) {
    return error as ArenaError;
  }
  throw new Error('expected a throw');
}

describe('model availability', () => {
  it('builds the simulator for "sim"', () => {
    expect(typeof createPlayerAgent('sim').act).toBe('function');
    expect(typeof createNarrator('sim').narrate).toBe('function');
    expect(() => assertModelsAvailable(['sim', 'sim'])).not.toThrow();
    expect(() => assertModelsAvailable([])).not.toThrow();
  });

  it.each(['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5', 'ollama:llama3.1:8b'])(
    'refuses %s as a user error that names the spec and says only sim is available',
    (spec) => {
      for (const create of [() => createPlayerAgent(spec), () => createNarrator(spec)]) {
        const error = thrown(create);
        expect(hasErrorCode(error, AGENTS_ERROR_CODES.PROVIDER_UNAVAILABLE)).toBe(true);
        expect(error.category).toBe('user');
        expect(error.message).toContain(spec);
        expect(error.message).toContain('only "sim"');
        expect(error.details).toEqual({ spec, available: ['sim'] });
      }
    },
  );

  it('names the first unavailable spec so a game fails at creation', () => {
    const error = thrown(() =>
      assertModelsAvailable([
        'sim',
        'openai-compatible:http://localhost:8000/v1#qwen',
        'openai:gpt-4o',
      ]),
    );
    expect(error.code).toBe(AGENTS_ERROR_CODES.PROVIDER_UNAVAILABLE);
    expect(error.details['spec']).toBe('openai-compatible:http://localhost:8000/v1#qwen');
  });

  it('reports a malformed spec as invalid input with what is allowed', () => {
    const error = thrown(() => createPlayerAgent('gpt-4o'));
    expect(error.code).toBe('ARENA_INVALID_INPUT');
    expect(error.category).toBe('user');
    expect(error.message).toContain('"sim"');
  });
});
