import type { LoopbackFormat, LoopbackRequest } from './loopback-types';

/** The reply to send, with the token counts to report. */
export interface ReplyContent {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** The parts of a request body every format shares. */
export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  schema: unknown;
  stream: boolean;
}

/** One provider's HTTP dialect, as far as the loopback server speaks it. */
export interface WireFormat {
  format: LoopbackFormat;
  path: string;
  /** Content type of a streamed reply (SSE or NDJSON). */
  streamContentType: string;
  read(body: Record<string, unknown>): ChatBody;
  /** The JSON body of a complete, non-streamed reply. */
  complete(content: ReplyContent, request: LoopbackRequest): unknown;
  /** A streamed reply, one string per chunk written. */
  frames(content: ReplyContent, request: LoopbackRequest): string[];
  /** The JSON body of an error with this status. */
  error(status: number, message: string): unknown;
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a record, or an empty one. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Message content as text: a string, or the text parts of a content-block array, joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => asRecord(part))
    .filter((part) => part['type'] === 'text')
    .map((part) => asString(part['text']))
    .join('');
}

/** The `messages` array of a request body, each as role and text. */
export function readMessages(value: unknown): { role: string; content: string }[] {
  return asArray(value).map((m) => {
    const message = asRecord(m);
    return { role: asString(message['role']), content: contentText(message['content']) };
  });
}

/** Splits text into up to `parts` consecutive pieces (whole code points), none empty. */
export function splitText(text: string, parts = 3): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}
