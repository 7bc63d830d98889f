import type { LoopbackRequest } from './loopback-types';
import {
  asArray,
  asRecord,
  asString,
  contentText,
  isRecord,
  readMessages,
  splitText,
} from './wire-format';
import type { WireFormat } from './wire-format';

const MESSAGE_ID = 'msg_loopback';
const TOOL_USE_ID = 'toolu_loopback';

type Block =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown> };

/**
 * Anthropic messages: `POST /v1/messages`, SSE events `message_start`, `content_block_start`,
 * `content_block_delta`, `content_block_stop`, `message_delta` (with usage), `message_stop`.
 */
export const anthropicWire: WireFormat = {
  format: 'anthropic',
  path: '/v1/messages',
  streamContentType: 'text/event-stream',

  read(body) {
    const system = contentText(body['system']);
    const messages = readMessages(body['messages']);
    const tool = forcedTool(body);
    return {
      model: asString(body['model']),
      messages: system === '' ? messages : [{ role: 'system', content: system }, ...messages],
      schema: tool === undefined ? null : (tool['input_schema'] ?? null),
      stream: body['stream'] === true,
    };
  },

  complete(content, request) {
    const block = replyBlock(content.text, request);
    return {
      id: MESSAGE_ID,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content: [block.type === 'text' ? block : { ...block, id: TOOL_USE_ID }],
      stop_reason: stopReason(block),
      stop_sequence: null,
      usage: { input_tokens: content.inputTokens, output_tokens: content.outputTokens },
    };
  },

  frames(content, request) {
    const block = replyBlock(content.text, request);
    const start =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : { type: 'tool_use', id: TOOL_USE_ID, name: block.name, input: {} };
    const deltas =
      block.type === 'text'
        ? splitText(block.text).map((text) => ({ type: 'text_delta', text }))
        : splitText(JSON.stringify(block.input)).map((partial_json) => ({
            type: 'input_json_delta',
            partial_json,
          }));
    return [
      event('message_start', {
        message: {
          id: MESSAGE_ID,
          type: 'message',
          role: 'assistant',
          model: request.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: content.inputTokens, output_tokens: 0 },
        },
      }),
      event('content_block_start', { index: 0, content_block: start }),
      ...deltas.map((delta) => event('content_block_delta', { index: 0, delta })),
      event('content_block_stop', { index: 0 }),
      event('message_delta', {
        delta: { stop_reason: stopReason(block), stop_sequence: null },
        usage: { output_tokens: content.outputTokens },
      }),
      event('message_stop', {}),
    ];
  },

  error(status, message) {
    const type =
      status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return { type: 'error', error: { type, message } };
  },
};

/** The tool the request forces (`tool_choice: { type: 'tool', name }`), if any. */
function forcedTool(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const choice = asRecord(body['tool_choice']);
  if (choice['type'] !== 'tool') return undefined;
  return asArray(body['tools'])
    .map((tool) => asRecord(tool))
    .find((tool) => tool['name'] === choice['name']);
}

/** A `tool_use` block when a tool is forced and the text is a JSON object, else a text block. */
function replyBlock(text: string, request: LoopbackRequest): Block {
  const tool = forcedTool(asRecord(request.body));
  const input = tool === undefined ? undefined : parseObject(text);
  if (tool === undefined || input === undefined) return { type: 'text', text };
  return { type: 'tool_use', name: asString(tool['name']), input };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function stopReason(block: Block): string {
  return block.type === 'tool_use' ? 'tool_use' : 'end_turn';
}

function event(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}
