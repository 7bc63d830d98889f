import type { LoopbackRequest } from './loopback-types';
import { asString, isRecord, readMessages, splitText } from './wire-format';
import type { ReplyContent, WireFormat } from './wire-format';

const CREATED_AT = '1970-01-01T00:00:00Z';

/** Ollama chat: `POST /api/chat`, NDJSON lines ending with a `done: true` line carrying the counts. */
export const ollamaWire: WireFormat = {
  format: 'ollama',
  path: '/api/chat',
  streamContentType: 'application/x-ndjson',

  read(body) {
    return {
      model: asString(body['model']),
      messages: readMessages(body['messages']),
      schema: isRecord(body['format']) ? body['format'] : null,
      // Ollama streams unless told not to.
      stream: body['stream'] !== false,
    };
  },

  complete(content, request) {
    return finalLine(content, request, content.text);
  },

  frames(content, request) {
    const lines = [
      ...splitText(content.text).map((piece) => ({
        model: request.model,
        created_at: CREATED_AT,
        message: { role: 'assistant', content: piece },
        done: false,
      })),
      finalLine(content, request, ''),
    ];
    return lines.map((line) => `${JSON.stringify(line)}\n`);
  },

  error(_status, message) {
    return { error: message };
  },
};

function finalLine(content: ReplyContent, request: LoopbackRequest, text: string) {
  return {
    model: request.model,
    created_at: CREATED_AT,
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    total_duration: 0,
    load_duration: 0,
    prompt_eval_count: content.inputTokens,
    prompt_eval_duration: 0,
    eval_count: content.outputTokens,
    eval_duration: 0,
  };
}
