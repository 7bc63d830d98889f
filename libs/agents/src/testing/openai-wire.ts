import type { LoopbackRequest } from './loopback-types';
import { asRecord, asString, readMessages, splitText } from './wire-format';
import type { ReplyContent, WireFormat } from './wire-format';

const ID = 'chatcmpl-loopback';

/** OpenAI chat completions: `POST /v1/chat/completions`, SSE `data:` chunks ending in `[DONE]`. */
export const openAiWire: WireFormat = {
  format: 'openai',
  path: '/v1/chat/completions',
  streamContentType: 'text/event-stream',

  read(body) {
    const format = asRecord(body['response_format']);
    return {
      model: asString(body['model']),
      messages: readMessages(body['messages']).map((m) =>
        m.role === 'developer' ? { ...m, role: 'system' } : m,
      ),
      schema:
        format['type'] === 'json_schema'
          ? (asRecord(format['json_schema'])['schema'] ?? null)
          : null,
      stream: body['stream'] === true,
    };
  },

  complete(content, request) {
    return {
      id: ID,
      object: 'chat.completion',
      created: 0,
      model: request.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: content.text, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usage(content),
    };
  },

  frames(content, request) {
    const chunks: Record<string, unknown>[] = [
      chunk(request, { role: 'assistant', content: '' }, null),
      ...splitText(content.text).map((piece) => chunk(request, { content: piece }, null)),
      chunk(request, {}, 'stop'),
    ];
    if (asRecord(asRecord(request.body)['stream_options'])['include_usage'] === true) {
      chunks.push({
        id: ID,
        object: 'chat.completion.chunk',
        created: 0,
        model: request.model,
        choices: [],
        usage: usage(content),
      });
    }
    return [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
  },

  error(status, message) {
    const type =
      status === 429
        ? 'rate_limit_exceeded'
        : status >= 500
          ? 'server_error'
          : 'invalid_request_error';
    return { error: { message, type, param: null, code: null } };
  },
};

function chunk(request: LoopbackRequest, delta: Record<string, unknown>, finish: string | null) {
  return {
    id: ID,
    object: 'chat.completion.chunk',
    created: 0,
    model: request.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  };
}

function usage(content: ReplyContent) {
  return {
    prompt_tokens: content.inputTokens,
    completion_tokens: content.outputTokens,
    total_tokens: content.inputTokens + content.outputTokens,
  };
}
