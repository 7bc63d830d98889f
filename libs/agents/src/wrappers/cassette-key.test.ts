import { describe, expect, it } from 'vitest';
import { canonicalJson, cassetteKey } from './cassette-key';
import { chatRequest } from './fake-client.fixture';

const schema = {
  name: 'action',
  description: 'The action to take.',
  jsonSchema: { type: 'object', properties: { text: { type: 'string' } } },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });
});

describe('cassetteKey', () => {
  it('is a sha256 in hex that ignores key order', () => {
    const request = chatRequest();
    const reordered = { ...request, params: { maxTokens: 64, temperature: 0.2 } };

    const key = cassetteKey('openai:gpt-4o-mini', request);

    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cassetteKey('openai:gpt-4o-mini', reordered)).toBe(key);
  });

  it.each([
    ['the spec', 'openai:gpt-4o', chatRequest()],
    ['the messages', 'openai:gpt-4o-mini', chatRequest('Say goodbye.')],
    [
      'the params',
      'openai:gpt-4o-mini',
      chatRequest(undefined, { params: { temperature: 0.7, maxTokens: 64 } }),
    ],
    ['the schema', 'openai:gpt-4o-mini', chatRequest(undefined, { schema })],
  ])('changes with %s', (_what, spec, request) => {
    expect(cassetteKey(spec, request)).not.toBe(cassetteKey('openai:gpt-4o-mini', chatRequest()));
  });
});
