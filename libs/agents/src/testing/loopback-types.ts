import type { LoopbackEmbeddingRequest } from './embedding-wire';
import type { IncomingHttpHeaders } from 'node:http';

/** The wire format a loopback request arrived in. */
export type LoopbackFormat = 'openai' | 'anthropic' | 'ollama';

/** A chat request as the loopback server read it, whatever its wire format. */
export interface LoopbackRequest {
  format: LoopbackFormat;
  model: string;
  /** The conversation, with the system prompt (Anthropic's `system` field too) as role `system`. */
  messages: { role: string; content: string }[];
  /**
   * The JSON schema the client asked the reply to follow, the native way: OpenAI
   * `response_format.json_schema.schema`, Anthropic's forced tool `input_schema`, Ollama `format`.
   */
  schema: unknown;
  stream: boolean;
  /** The request body as sent. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * A normal reply. For structured requests `text` is the JSON; an Anthropic forced tool gets it as
 * the `tool_use` input when it parses as a JSON object, else as a text block.
 */
export interface LoopbackText {
  text: string;
  /** Token counts to report. @default ceil(characters / 4) of the prompt and of the reply */
  usage?: { input: number; output: number };
  /** Wait this long before answering. @default 0 */
  delayMs?: number;
}

/** An HTTP error such as 429 with `Retry-After` or 500; the body defaults to the format's error shape. */
export interface LoopbackStatus {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Never answers; the socket stays open until the client gives up or the server closes. */
export interface LoopbackHang {
  hang: true;
}

/** Sends the start of the reply (streamed or not), then destroys the socket. */
export interface LoopbackTruncate {
  truncate: true;
  text: string;
}

/** A well-formed response whose content is empty. */
export interface LoopbackEmpty {
  empty: true;
}

/** What a loopback server answers to one request. */
export type LoopbackReply =
  LoopbackText | LoopbackStatus | LoopbackHang | LoopbackTruncate | LoopbackEmpty;

/** Decides the reply to each request. */
export type LoopbackResponder = (
  request: LoopbackRequest,
) => LoopbackReply | Promise<LoopbackReply>;

/** A running loopback model server. */
export interface LoopbackModel {
  /** `http://127.0.0.1:PORT`; OpenAI clients use `${url}/v1`, Anthropic and Ollama clients `url`. */
  url: string;
  /** Every chat request received, in arrival order. */
  requests: LoopbackRequest[];
  /** Every embedding request received, in arrival order. */
  embeddings: LoopbackEmbeddingRequest[];
  /** Stops the server, dropping open connections (hung requests included). */
  close(): Promise<void>;
}
