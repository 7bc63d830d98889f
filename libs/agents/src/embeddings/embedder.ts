import { z } from 'zod';
import { isModelCallError } from '../llm/errors';
import type { CallMeta, ModelClient } from '../llm/types';
import { RoleCallError, type Reply } from '../model-call';
import { answeredCall, failedCall } from '../structured/call-records';
import { embeddingRequest } from './embedding-transport';

/** Turns texts into embedding vectors with one model. */
export interface Embedder {
  /** The embedding model spec, e.g. `openai:text-embedding-3-small`. */
  readonly spec: string;
  /**
   * One vector per text, in order, all of one dimension, in a single model call (recorded in
   * `calls`, purpose `embed`, with its usage, cost, latency and attempts). No texts, no call.
   *
   * @throws RoleCallError `model_error` when the model did not answer after the retry policy,
   * `invalid_output` when its answer is not one finite vector per text.
   */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Reply<number[][]>>;
}

const VectorsSchema = z
  .array(z.array(z.number().refine(Number.isFinite, 'must be a finite number')).min(1))
  .refine((vectors) => vectors.every((v) => v.length === vectors[0]?.length), {
    message: 'all vectors must have the same dimension',
  });

/** The vectors of a reply, or why it is not one finite vector per text. */
function problemWith(text: string, count: number): { problem: string } | { vectors: number[][] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'the reply is not JSON' };
  }
  const parsed = VectorsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `vectors.${issue.path.join('.')}` : 'vectors';
    return { problem: `${path}: ${issue?.message ?? 'invalid'}` };
  }
  if (parsed.data.length !== count) {
    return { problem: `vectors: expected ${count}, got ${parsed.data.length}` };
  }
  return { vectors: parsed.data };
}

/**
 * An {@link Embedder} over a client made by `createEmbeddingTransport` (usually wrapped with
 * `composeClient`, as the model runtime does). Calls are made for the judge (`role: 'judge'`,
 * `purpose: 'embed'`, paid by no seat).
 *
 * @example
 * const embedder = models.embedder; // from createModelRuntime({ embeddings: 'ollama:nomic-embed-text' })
 * const { value: [vector], calls } = await embedder.embed(['Anchor the piers to bedrock.']);
 */
export function createEmbedder(client: ModelClient): Embedder {
  return {
    spec: client.spec,
    async embed(texts, options = {}) {
      if (texts.length === 0) return { value: [], calls: [] };
      const request = embeddingRequest(texts);
      // What the call was asked, as recorded: sampling parameters do not apply to embeddings.
      const params = { texts: texts.length };
      const meta: CallMeta = {
        playerId: null,
        role: 'judge',
        purpose: 'embed',
        ...(options.signal ? { signal: options.signal } : {}),
      };
      let response;
      try {
        response = await client.complete(request, meta);
      } catch (error) {
        if (!isModelCallError(error)) throw error;
        const call = { ...failedCall(client.spec, meta, request.params, error), params };
        throw new RoleCallError(
          `${client.spec} could not embed ${texts.length} text(s): ${error.message}`,
          'model_error',
          [call],
          null,
          error,
        );
      }
      const checked = problemWith(response.text, texts.length);
      if ('problem' in checked) {
        const call = {
          ...answeredCall(client.spec, meta, request.params, response, checked.problem),
          params,
        };
        throw new RoleCallError(
          `${client.spec} returned unusable embeddings: ${checked.problem}`,
          'invalid_output',
          [call],
          response.text.slice(0, 2000),
        );
      }
      return {
        value: checked.vectors,
        calls: [{ ...answeredCall(client.spec, meta, request.params, response), params }],
      };
    },
  };
}
