import { hashString } from '@arena/models';
import type { IncomingHttpHeaders } from 'node:http';
import type { LoopbackHang, LoopbackStatus } from './loopback-types';
import { asString } from './wire-format';

/** The wire format an embedding request arrived in. */
export type LoopbackEmbeddingFormat = 'openai' | 'ollama';

/** An embedding request as the loopback server read it. */
export interface LoopbackEmbeddingRequest {
  format: LoopbackEmbeddingFormat;
  model: string;
  /** The texts to embed, in order (a single string input is one text). */
  texts: string[];
  /** The request body as sent. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** Vectors to answer with, one per text. */
export interface LoopbackVectors {
  vectors: number[][];
  /** Input tokens to report. @default ceil(characters / 4) of the texts */
  usage?: { input: number };
}

/** What a loopback server answers to one embedding request. */
export type LoopbackEmbeddingReply = LoopbackVectors | LoopbackStatus | LoopbackHang;

/** Decides the reply to each embedding request. */
export type LoopbackEmbedder = (
  request: LoopbackEmbeddingRequest,
) => LoopbackEmbeddingReply | Promise<LoopbackEmbeddingReply>;

/** Where each format's embedding requests arrive. */
export const EMBEDDING_PATHS: Readonly<Record<string, LoopbackEmbeddingFormat>> = {
  '/v1/embeddings': 'openai',
  '/api/embed': 'ollama',
};

/** Words that carry no meaning on their own, left out of {@link hashedBagOfWords}. */
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is it of on or so that the their then this to we with'.split(
    ' ',
  ),
);

/**
 * A deterministic stand-in for a text's meaning: a feature-hashed bag of its words (lower-cased,
 * a few stop words dropped, a final plural "s" stripped), each word adding ±1 at a position
 * chosen by its hash. Texts with the same words in any order get the same vector; texts that
 * share no words are nearly orthogonal.
 *
 * @example
 * hashedBagOfWords('Anchor the piers to bedrock.', 64); // 64 numbers
 */
export function hashedBagOfWords(text: string, dimensions = 64): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (STOP_WORDS.has(raw)) continue;
    const word =
      raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw;
    const h = hashString(word);
    const at = h % dimensions;
    vector[at] = (vector[at] as number) + (h >>> 31 === 1 ? -1 : 1);
  }
  return vector;
}

/** Answers every request with {@link hashedBagOfWords} of each text. */
export const bagOfWordsEmbedder: LoopbackEmbedder = (request) => ({
  vectors: request.texts.map((t) => hashedBagOfWords(t)),
});

/** Reads an embedding request body in either format. */
export function readEmbeddingRequest(
  format: LoopbackEmbeddingFormat,
  body: Record<string, unknown>,
): Pick<LoopbackEmbeddingRequest, 'model' | 'texts'> {
  const input = body['input'];
  const texts = Array.isArray(input)
    ? input.map((t) => asString(t))
    : typeof input === 'string'
      ? [input]
      : [];
  return { model: asString(body['model']), texts };
}

/** The response body for vectors, in the request's format. */
export function embeddingResponse(
  request: LoopbackEmbeddingRequest,
  reply: LoopbackVectors,
): unknown {
  const characters = request.texts.reduce((sum, t) => sum + t.length, 0);
  const tokens = reply.usage?.input ?? Math.ceil(characters / 4);
  if (request.format === 'ollama') {
    return {
      model: request.model,
      embeddings: reply.vectors,
      total_duration: 0,
      load_duration: 0,
      prompt_eval_count: tokens,
    };
  }
  const base64 = (request.body as { encoding_format?: unknown }).encoding_format === 'base64';
  return {
    object: 'list',
    model: request.model,
    data: reply.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      // The openai SDK asks for base64 (little-endian float32) unless told otherwise.
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** The error body of each format. */
export function embeddingError(format: LoopbackEmbeddingFormat, status: number, message: string) {
  return format === 'ollama'
    ? { error: message }
    : { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error' } };
}
