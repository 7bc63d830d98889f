import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackModel } from './loopback-model';
import type { LoopbackModel, LoopbackReply } from './loopback-types';

/** Raw HTTP against the server, for the paths the provider SDKs do not exercise. */
async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('startLoopbackModel', () => {
  let server: LoopbackModel;
  let reply: LoopbackReply = { text: 'unset' };

  beforeAll(async () => {
    server = await startLoopbackModel(() => reply, { chunkDelayMs: 1 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a non-streamed Ollama chat with the counts on the done line', async () => {
    reply = { text: 'Hello', usage: { input: 4, output: 2 }, delayMs: 1 };

    const { status, text } = await post(`${server.url}/api/chat`, {
      model: 'llama3.1:8b',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
    });

    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      message: { role: 'assistant', content: 'Hello' },
      done: true,
      prompt_eval_count: 4,
      eval_count: 2,
    });
    expect(server.requests.at(-1)).toMatchObject({ format: 'ollama', stream: false, schema: null });
  });

  it('streams NDJSON to Ollama clients by default, ending with a done line', async () => {
    reply = { text: 'Three little pieces', usage: { input: 3, output: 3 } };

    const { text } = await post(`${server.url}/api/chat`, { model: 'm', messages: [] });
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: { content: string }; done: boolean });

    expect(lines.map((l) => l.message.content).join('')).toBe('Three little pieces');
    expect(lines.at(-1)?.done).toBe(true);
    expect(lines.slice(0, -1).every((l) => !l.done)).toBe(true);
  });

  it('ends an OpenAI stream with usage only when asked, then [DONE]', async () => {
    reply = { text: 'Hi' };
    const body = { model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true };

    const plain = (await post(`${server.url}/v1/chat/completions`, body)).text;
    const withUsage = (
      await post(`${server.url}/v1/chat/completions`, {
        ...body,
        stream_options: { include_usage: true },
      })
    ).text;

    expect(plain).not.toContain('"usage"');
    expect(withUsage).toContain('"usage"');
    expect(withUsage.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('reads the Anthropic system prompt as a system message', async () => {
    reply = { text: 'Fine' };

    await post(`${server.url}/v1/messages`, {
      model: 'claude-test',
      max_tokens: 10,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });

    expect(server.requests.at(-1)?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('answers an Anthropic forced tool with text when the reply is not a JSON object', async () => {
    reply = { text: 'not json' };

    const { text } = await post(`${server.url}/v1/messages`, {
      model: 'claude-test',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ name: 'verdict', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'verdict' },
    });

    expect(JSON.parse(text)).toMatchObject({ content: [{ type: 'text', text: 'not json' }] });
  });

  it('sends an error with its headers and the format’s error body', async () => {
    reply = { status: 429, headers: { 'retry-after': '1' } };

    const response = await fetch(`${server.url}/v1/messages`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error' },
    });
  });

  it('answers 404 on unknown routes and 400 on a body that is not JSON', async () => {
    expect((await post(`${server.url}/v2/other`, {})).status).toBe(404);
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: 'not json' });
    expect(response.status).toBe(400);
  });

  it('drops a hung request when it closes', async () => {
    let arrived = (): void => undefined;
    const seen = new Promise<void>((resolve) => (arrived = resolve));
    const hung = await startLoopbackModel(() => {
      arrived();
      return { hang: true };
    });
    const pending = fetch(`${hung.url}/api/chat`, { method: 'POST', body: '{}' }).then(
      () => 'answered',
      () => 'dropped',
    );
    await seen;

    await hung.close();

    expect(await pending).toBe('dropped');
  });
});
