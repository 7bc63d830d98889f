import { steppingClock } from '@arena/models';
import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../llm/errors';
import { EMPTY_STATS } from '../llm/types';
import type { ChatRequest, ModelClient, Timing } from '../llm/types';
import { checkModel } from './doctor';

const timing = (): Timing => ({ clock: steppingClock(0, 5), sleep: async () => undefined });

function clientThat(complete: ModelClient['complete']): ModelClient {
  return { spec: 'ollama:llama3.1:8b', complete };
}

describe('checkModel', () => {
  it('reports a model that answers, with the time the probe took', async () => {
    const requests: ChatRequest[] = [];
    const client = clientThat(async (request) => {
      requests.push(request);
      return { text: 'OK\n', usage: { inputTokens: 6, outputTokens: 1 }, stats: EMPTY_STATS };
    });

    const check = await checkModel(client, timing());

    expect(check).toEqual({
      spec: 'ollama:llama3.1:8b',
      ok: true,
      latencyMs: 5,
      detail: 'replied "OK"',
    });
    expect(requests[0]?.params.maxTokens).toBe(5);
  });

  it('reports a failure with its kind and status instead of throwing', async () => {
    const client = clientThat(async () => {
      throw new ModelCallError('ollama:llama3.1:8b: HTTP 404 (bad_request): model not found', {
        kind: 'bad_request',
        spec: 'ollama:llama3.1:8b',
        status: 404,
      });
    });

    const check = await checkModel(client, timing());

    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/^bad_request \(HTTP 404\): .*model not found/);
  });

  it('reports an unexpected error too', async () => {
    const check = await checkModel(
      clientThat(async () => {
        throw new TypeError('boom');
      }),
      timing(),
    );

    expect(check).toMatchObject({ ok: false, detail: 'error: boom' });
  });
});
