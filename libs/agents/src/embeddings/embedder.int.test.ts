import { hasErrorCode } from '@arena/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRoleCallError, type RoleCallError } from '../model-call';
import type { ProviderSettings } from '../providers/types';
import { createModelRuntime, type ModelRuntimeOptions } from '../runtime';
import { hashedBagOfWords, startLoopbackModel } from '../testing';
import type { LoopbackEmbedder, LoopbackModel } from '../testing';
import { createMemoryCassette } from '../wrappers';
import type { Embedder } from './embedder';
import { EMBEDDING_ERROR_CODES } from './errors';
import { parseEmbeddingSpec, safeParseEmbeddingSpec } from './embedding-spec';

const TEXTS = [
  'Anchor the piers to bedrock with steel piles.',
  'Hinge the deck at the east bank and lift it before the flood.',
];

/** The loopback answers with this, unless a test swaps it. */
let behaviour: LoopbackEmbedder = (request) => ({
  vectors: request.texts.map((t) => hashedBagOfWords(t)),
  usage: { input: 21 },
});
let server: LoopbackModel;

beforeAll(async () => {
  server = await startLoopbackModel(() => ({ text: 'unused' }), {
    embedder: (request) => behaviour(request),
  });
});
afterAll(() => server.close());

const CASES: Array<{
  name: string;
  target(url: string): { spec: string; providers: ProviderSettings };
}> = [
  {
    name: 'openai',
    target: (url) => ({
      spec: 'openai:text-embedding-3-small',
      providers: { openai: { apiKey: 'test-key', baseUrl: `${url}/v1` } },
    }),
  },
  {
    name: 'ollama',
    target: (url) => ({ spec: 'ollama:nomic-embed-text', providers: { ollama: { baseUrl: url } } }),
  },
  {
    name: 'openai-compatible',
    target: (url) => ({ spec: `openai-compatible:${url}/v1#bge-small`, providers: {} }),
  },
];

function embedderFor(
  target: { spec: string; providers: ProviderSettings },
  options: Partial<ModelRuntimeOptions> = {},
): Embedder {
  const runtime = createModelRuntime({
    providers: target.providers,
    embeddings: target.spec,
    retry: { maxRetries: 0 },
    ...options,
  });
  if (!runtime.embedder) throw new Error('no embedder');
  return runtime.embedder;
}

async function failure(promise: Promise<unknown>): Promise<RoleCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRoleCallError(error)) throw new Error(`expected a RoleCallError, got ${String(error)}`);
  return error;
}

describe.each(CASES)('an embedder on $name', ({ name, target }) => {
  it('embeds every text in one call through the real LangChain class', async () => {
    behaviour = (request) => ({
      vectors: request.texts.map((t) => hashedBagOfWords(t)),
      usage: { input: 21 },
    });
    const before = server.embeddings.length;
    const embedder = embedderFor(target(server.url));
    const reply = await embedder.embed(TEXTS);
    expect(reply.value).toEqual(TEXTS.map((t) => hashedBagOfWords(t)));
    expect(server.embeddings.slice(before)).toHaveLength(1);
    expect(server.embeddings[before]).toMatchObject({
      format: name === 'ollama' ? 'ollama' : 'openai',
      texts: TEXTS,
    });
    expect(reply.calls).toEqual([
      expect.objectContaining({
        model: target(server.url).spec,
        purpose: 'embed',
        params: { texts: 2 },
        usage: { inputTokens: 21, outputTokens: 0 },
        attempts: 1,
      }),
    ]);
    expect(reply.calls[0]?.error).toBeUndefined();
  });

  it('retries a rate-limited call and records the attempts', async () => {
    let calls = 0;
    behaviour = (request) =>
      ++calls === 1
        ? { status: 429, headers: { 'retry-after': '0' } }
        : { vectors: request.texts.map((t) => hashedBagOfWords(t)) };
    const embedder = embedderFor(target(server.url), {
      retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const reply = await embedder.embed(TEXTS.slice(0, 1));
    expect(reply.calls[0]?.attempts).toBe(2);
    expect(reply.value).toHaveLength(1);
  });

  it('fails as a model error with the failed call when the server keeps failing', async () => {
    behaviour = () => ({ status: 500 });
    const error = await failure(embedderFor(target(server.url)).embed(TEXTS));
    expect(error.reason).toBe('model_error');
    expect(error.calls).toEqual([
      expect.objectContaining({
        purpose: 'embed',
        error: expect.objectContaining({ kind: 'server' }),
      }),
    ]);
  });

  it('rejects an answer that is not one vector per text', async () => {
    behaviour = () => ({
      vectors: [
        [1, 2, 3],
        [1, 2],
      ],
    });
    const error = await failure(embedderFor(target(server.url)).embed(TEXTS));
    expect(error.reason).toBe('invalid_output');
    expect(error.calls[0]?.error?.kind).toBe('invalid_output');
    expect(error.message).toMatch(/same dimension/);
  });
});

describe('embedding calls and the client wrappers', () => {
  it('time out a hung call', async () => {
    behaviour = () => ({ hang: true });
    const target = CASES[0]?.target(server.url);
    if (!target) throw new Error('no case');
    const error = await failure(embedderFor(target, { timeoutMs: 150 }).embed(TEXTS));
    expect(error.calls[0]?.error?.kind).toBe('timeout');
  });

  it('replay a recorded call from a cassette without the server', async () => {
    behaviour = (request) => ({ vectors: request.texts.map((t) => hashedBagOfWords(t)) });
    const target = CASES[1]?.target(server.url);
    if (!target) throw new Error('no case');
    const recording = createMemoryCassette('record');
    const recorded = await embedderFor(target, { cassette: recording }).embed(TEXTS);
    const offline = { ...target, providers: { ollama: { baseUrl: 'http://127.0.0.1:9' } } };
    const replayed = await embedderFor(offline, {
      cassette: createMemoryCassette('replay', recording.entries),
    }).embed(TEXTS);
    expect(replayed.value).toEqual(recorded.value);
    expect(replayed.calls[0]?.replayed).toBe(true);
  });

  it('make no call for no texts', async () => {
    const before = server.embeddings.length;
    const target = CASES[0]?.target(server.url);
    if (!target) throw new Error('no case');
    expect(await embedderFor(target).embed([])).toEqual({ value: [], calls: [] });
    expect(server.embeddings.length).toBe(before);
  });
});

describe('embedding specs', () => {
  it('accept the providers that have embeddings', () => {
    expect(parseEmbeddingSpec('ollama:nomic-embed-text')).toMatchObject({
      provider: 'ollama',
      model: 'nomic-embed-text',
    });
    expect(parseEmbeddingSpec('openai-compatible:http://127.0.0.1:8080/v1#bge')).toMatchObject({
      provider: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'bge',
    });
  });

  it.each([
    ['sim', /simulator has no embeddings/],
    ['anthropic:claude', /Anthropic offers no embeddings/],
    ['openai', /does not start with a provider/],
    ['openai-compatible:http://x/v1', /"#<model>" part is missing/],
  ])('reject %s, naming the accepted forms', (spec, reason) => {
    const parsed = safeParseEmbeddingSpec(spec);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(hasErrorCode(parsed.error, EMBEDDING_ERROR_CODES.INVALID_EMBEDDING_SPEC)).toBe(true);
    expect(parsed.error.message).toMatch(reason);
    expect(parsed.error.message).toMatch(/openai-compatible:<base-url>#<model>/);
  });

  it('fail the runtime at once when the provider needs a key it does not have', () => {
    let caught: unknown;
    try {
      createModelRuntime({ embeddings: 'openai:text-embedding-3-small' });
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'AGENTS_PROVIDER_NOT_CONFIGURED')).toBe(true);
  });
});
