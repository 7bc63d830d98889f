import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicWire } from './anthropic-wire';
import {
  EMBEDDING_PATHS,
  bagOfWordsEmbedder,
  embeddingError,
  embeddingResponse,
  readEmbeddingRequest,
  type LoopbackEmbedder,
  type LoopbackEmbeddingFormat,
  type LoopbackEmbeddingRequest,
} from './embedding-wire';
import type {
  LoopbackModel,
  LoopbackReply,
  LoopbackRequest,
  LoopbackResponder,
} from './loopback-types';
import { ollamaWire } from './ollama-wire';
import { openAiWire } from './openai-wire';
import { asRecord } from './wire-format';
import type { ReplyContent, WireFormat } from './wire-format';

const WIRES: readonly WireFormat[] = [openAiWire, anthropicWire, ollamaWire];

/** How the loopback server paces its replies. */
export interface LoopbackOptions {
  /** Pause between streamed chunks (ms). @default 0 */
  chunkDelayMs?: number;
  /** Answers embedding requests. @default {@link bagOfWordsEmbedder} */
  embedder?: LoopbackEmbedder;
}

/**
 * Starts an HTTP server on 127.0.0.1 (a free port) that answers chat requests in the OpenAI
 * (`POST /v1/chat/completions`), Anthropic (`POST /v1/messages`) and Ollama (`POST /api/chat`)
 * wire formats, streamed or not, and embedding requests (OpenAI `POST /v1/embeddings`, Ollama
 * `POST /api/embed`) with whatever `options.embedder` decides, with whatever `responder` decides: a reply, an HTTP error, a
 * hang, a truncated stream or an empty reply. Lets tests drive the real provider SDKs with no
 * network.
 *
 * @example
 * const model = await startLoopbackModel(() => ({ text: 'Hello', usage: { input: 7, output: 1 } }));
 * const client = createProviderClient('openai:gpt-4o-mini', {
 *   openai: { apiKey: 'test', baseUrl: `${model.url}/v1` },
 * });
 * // … client.complete(…); model.requests[0].messages …
 * await model.close();
 */
export async function startLoopbackModel(
  responder: LoopbackResponder,
  options: LoopbackOptions = {},
): Promise<LoopbackModel> {
  const requests: LoopbackRequest[] = [];
  const embeddings: LoopbackEmbeddingRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const exchange: Exchange = {
    responder,
    requests,
    embedder: options.embedder ?? bagOfWordsEmbedder,
    embeddings,
    wait,
    chunkDelayMs: options.chunkDelayMs ?? 0,
  };

  const server = createServer((req, res) => {
    res.on('error', () => undefined);
    handle(exchange, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    embeddings,
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

interface Exchange {
  responder: LoopbackResponder;
  requests: LoopbackRequest[];
  embedder: LoopbackEmbedder;
  embeddings: LoopbackEmbeddingRequest[];
  wait(ms: number): Promise<void>;
  chunkDelayMs: number;
}

async function handle(
  exchange: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const embedding = EMBEDDING_PATHS[path];
  if (req.method === 'POST' && embedding !== undefined) {
    return handleEmbedding(exchange, embedding, req, res);
  }
  const wire = WIRES.find((w) => w.path === path);
  if (req.method !== 'POST' || wire === undefined) {
    return sendJson(res, 404, { error: `no loopback route for ${req.method} ${req.url}` });
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendJson(res, 400, wire.error(400, 'the request body is not JSON'));
  }
  const request: LoopbackRequest = {
    format: wire.format,
    ...wire.read(asRecord(body)),
    body,
    headers: req.headers,
  };
  exchange.requests.push(request);
  let reply: LoopbackReply;
  try {
    reply = await exchange.responder(request);
  } catch (error) {
    return sendJson(res, 500, wire.error(500, `the responder failed: ${String(error)}`));
  }
  await answer(exchange, wire, request, reply, res);
}

async function handleEmbedding(
  exchange: Exchange,
  format: LoopbackEmbeddingFormat,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendJson(res, 400, embeddingError(format, 400, 'the request body is not JSON'));
  }
  const request: LoopbackEmbeddingRequest = {
    format,
    ...readEmbeddingRequest(format, asRecord(body)),
    body,
    headers: req.headers,
  };
  exchange.embeddings.push(request);
  let reply;
  try {
    reply = await exchange.embedder(request);
  } catch (error) {
    return sendJson(res, 500, embeddingError(format, 500, `the embedder failed: ${String(error)}`));
  }
  if ('hang' in reply) return;
  if ('status' in reply) {
    const error =
      reply.body ?? embeddingError(format, reply.status, `loopback answered ${reply.status}`);
    return sendJson(res, reply.status, error, reply.headers);
  }
  sendJson(res, 200, embeddingResponse(request, reply));
}

async function answer(
  exchange: Exchange,
  wire: WireFormat,
  request: LoopbackRequest,
  reply: LoopbackReply,
  res: ServerResponse,
): Promise<void> {
  if ('hang' in reply) return;
  if ('status' in reply) {
    const body = reply.body ?? wire.error(reply.status, `loopback answered ${reply.status}`);
    return sendJson(res, reply.status, body, reply.headers);
  }
  if ('empty' in reply) return send(exchange, wire, request, content(request, ''), res, false);
  if ('truncate' in reply)
    return send(exchange, wire, request, content(request, reply.text), res, true);
  await exchange.wait(reply.delayMs ?? 0);
  const usage = reply.usage;
  const full =
    usage === undefined
      ? content(request, reply.text)
      : { text: reply.text, inputTokens: usage.input, outputTokens: usage.output };
  return send(exchange, wire, request, full, res, false);
}

/** The reply with estimated token counts (ceil(characters / 4)). */
function content(request: LoopbackRequest, text: string): ReplyContent {
  const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, 0);
  return {
    text,
    inputTokens: Math.ceil(promptChars / 4),
    outputTokens: Math.ceil(text.length / 4),
  };
}

async function send(
  exchange: Exchange,
  wire: WireFormat,
  request: LoopbackRequest,
  reply: ReplyContent,
  res: ServerResponse,
  truncate: boolean,
): Promise<void> {
  if (!request.stream) {
    const json = JSON.stringify(wire.complete(reply, request));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    if (!truncate) return void res.end(json);
    return cut(res, json.slice(0, Math.floor(json.length / 2)));
  }
  res.writeHead(200, { 'content-type': wire.streamContentType, 'cache-control': 'no-cache' });
  const frames = wire.frames(reply, request);
  const sent = truncate ? frames.slice(0, Math.max(1, Math.floor(frames.length / 2))) : frames;
  for (const frame of sent) {
    res.write(frame);
    await exchange.wait(exchange.chunkDelayMs);
  }
  if (truncate) return cut(res, '');
  res.end();
}

/** Writes the last bytes, then drops the connection mid-response. */
function cut(res: ServerResponse, last: string): Promise<void> {
  return new Promise((resolve) => {
    res.write(last, () => {
      res.socket?.destroy();
      resolve();
    });
  });
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    ...headers,
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
