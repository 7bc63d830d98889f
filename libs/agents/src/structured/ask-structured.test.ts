import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetExceededError, ModelCallError } from '../llm/errors';
import type { CallMeta } from '../llm/types';
import { isRoleCallError, type RoleCallError } from '../model-call';
import { askStructured } from './ask-structured';
import { SCRIPTED_STATS, scriptedClient } from './scripted-client.fixture';

const schema = z.object({
  text: z.string().min(1),
  cites: z.array(z.string().regex(/^M\d+$/, 'must be a message id such as "M7"')),
});
const meta: CallMeta = { playerId: 'P1', role: 'player', purpose: 'act' };
const params = { temperature: 0.7, maxTokens: 700 };

function ask(replies: Parameters<typeof scriptedClient>[0], maxRepairs?: number) {
  const client = scriptedClient(replies);
  const run = askStructured(client, {
    messages: [
      { role: 'system', content: 'You are a test.' },
      { role: 'user', content: 'Answer.' },
    ],
    params,
    schema,
    name: 'contribution',
    description: 'A contribution.',
    meta,
    maxRepairs,
  });
  return { client, run };
}

async function roleError(run: Promise<unknown>): Promise<RoleCallError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRoleCallError(error)) throw new Error(`expected a RoleCallError, got ${String(error)}`);
  return error;
}

describe('askStructured', () => {
  it('returns a valid first reply with one call record carrying the stats', async () => {
    const { client, run } = ask(['{"text":"hello","cites":["M1"]}']);
    const reply = await run;
    expect(reply.value).toEqual({ text: 'hello', cites: ['M1'] });
    expect(reply.calls).toEqual([
      {
        model: 'openai:test-model',
        purpose: 'act',
        params,
        usage: expect.objectContaining({ inputTokens: expect.any(Number) }),
        costUsd: SCRIPTED_STATS.costUsd,
        latencyMs: SCRIPTED_STATS.latencyMs,
        attempts: SCRIPTED_STATS.attempts,
        replayed: false,
      },
    ]);
    const sent = client.requests[0]?.request;
    expect(sent?.schema?.name).toBe('contribution');
    expect(sent?.schema?.jsonSchema).not.toHaveProperty('$schema');
    expect(sent?.schema?.jsonSchema).toMatchObject({
      type: 'object',
      required: ['text', 'cites'],
    });
  });

  it('accepts JSON in a fenced block', async () => {
    const { run } = ask(['Sure.\n```json\n{"text":"fenced","cites":[]}\n```']);
    expect((await run).value).toEqual({ text: 'fenced', cites: [] });
  });

  it('repairs a malformed reply, naming the field path in the re-ask', async () => {
    const bad = '{"text":"hello","cites":["seven"]}';
    const { client, run } = ask([bad, '{"text":"hello","cites":["M7"]}']);
    const reply = await run;
    expect(reply.value.cites).toEqual(['M7']);
    expect(reply.calls).toHaveLength(2);
    expect(reply.calls[0]?.error).toEqual({
      kind: 'invalid_output',
      message: 'cites.0: must be a message id such as "M7"',
    });
    expect(reply.calls[1]?.error).toBeUndefined();
    const repairMessages = client.requests[1]?.request.messages ?? [];
    expect(repairMessages).toHaveLength(4);
    expect(repairMessages[2]).toEqual({ role: 'assistant', content: bad });
    expect(repairMessages[3]?.role).toBe('user');
    expect(repairMessages[3]?.content).toContain('cites.0: must be a message id such as "M7"');
    expect(repairMessages[3]?.content).toContain('only the corrected JSON object');
  });

  it('repairs a reply that is not JSON at all', async () => {
    const { client, run } = ask(['I would rather chat.', '{"text":"ok","cites":[]}']);
    expect((await run).value.text).toBe('ok');
    expect(client.requests[1]?.request.messages[3]?.content).toContain('no JSON object');
  });

  it('gives up after the bound with invalid_output, the raw reply and every call', async () => {
    const { client, run } = ask(['nope', '{"text":""}', '{"cites":[]}'], 2);
    const error = await roleError(run);
    expect(error.reason).toBe('invalid_output');
    expect(error.raw).toBe('{"cites":[]}');
    expect(error.calls).toHaveLength(3);
    expect(error.calls.every((c) => c.error?.kind === 'invalid_output')).toBe(true);
    expect(client.requests).toHaveLength(3);
  });

  it('honours a custom repair bound', async () => {
    const { client, run } = ask(['nope', '{"text":"late","cites":[]}'], 0);
    expect((await roleError(run)).calls).toHaveLength(1);
    expect(client.requests).toHaveLength(1);
  });

  it('turns a model error into a model_error RoleCallError with a record of the failed call', async () => {
    const failure = new ModelCallError('upstream 503', {
      kind: 'server',
      spec: 'openai:test-model',
      stats: { attempts: 3, latencyMs: 900 },
    });
    const { run } = ask(['{"text":"","cites":[]}', failure]);
    const error = await roleError(run);
    expect(error.reason).toBe('model_error');
    expect(error.raw).toBeNull();
    expect(error.calls).toHaveLength(2);
    expect(error.calls[1]).toMatchObject({
      model: 'openai:test-model',
      purpose: 'act',
      attempts: 3,
      latencyMs: 900,
      usage: { inputTokens: 0, outputTokens: 0 },
      error: { kind: 'server', message: 'upstream 503' },
    });
  });

  it('lets a spent budget through unchanged', async () => {
    const budget = new BudgetExceededError('seat budget spent', 'seat', 'tokens', 10, 12, 'P1');
    const { run } = ask([budget]);
    await expect(run).rejects.toBe(budget);
  });
});
