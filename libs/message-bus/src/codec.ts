/**
 * The wire format of the Kafka bus: envelope headers (see `ENVELOPE_HEADERS`) plus a JSON body,
 * gzipped above a size threshold. Both sides check the body with zod, so a consumer never hands
 * a handler something the schema would refuse.
 */
import { ArenaError, err, ok, type Result } from '@arena/models';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { ENVELOPE_HEADERS, ENVELOPE_VERSION, type BusValueKind } from './envelope';
import { BUS_ERROR_CODES } from './errors';
import type { BusMessage, BusValue, OutgoingMessage } from './message-bus';
import { invalidMessage, outgoingMessages, parseBusValue } from './outgoing-messages';

/** Bodies larger than this many bytes are gzipped unless the bus says otherwise. */
export const DEFAULT_GZIP_THRESHOLD_BYTES = 16_384;

/** A message as the broker stores it. */
export interface EncodedMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** A message as read from the broker (kafkajs hands headers over as buffers). */
export interface WireMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | ReadonlyArray<Buffer | string> | undefined>;
}

export interface EncodeOptions {
  /** Clock for the `produced-at` header. @default () => new Date() */
  now?: () => Date;
  /** Gzip bodies larger than this. @default 16384 */
  gzipThresholdBytes?: number;
  /** Check the value with its schema first. @default true */
  validate?: boolean;
}

export interface DecodeOptions {
  /** Check the body with its schema (`GameEventSchema` or `GameCommandSchema`). @default true */
  validate?: boolean;
}

const GZIP = 'gzip';
const JSON_CONTENT = 'application/json';

/**
 * Serialise a checked message (see `outgoingMessages`): JSON body, gzipped when larger than
 * `gzipThresholdBytes` (fastest level: bodies are JSON and compress well anyway), with
 * `content-encoding: gzip` added to its headers.
 */
export function serializeMessage(
  message: BusMessage,
  gzipThresholdBytes = DEFAULT_GZIP_THRESHOLD_BYTES,
): EncodedMessage {
  const body = Buffer.from(JSON.stringify(message.value));
  if (body.length <= gzipThresholdBytes) {
    return { key: message.key, value: body, headers: message.headers };
  }
  return {
    key: message.key,
    value: gzipSync(body, { level: constants.Z_BEST_SPEED }),
    headers: { ...message.headers, [ENVELOPE_HEADERS.contentEncoding]: GZIP },
  };
}

/**
 * Check one message and encode it for the wire: envelope headers beside the caller's, JSON body,
 * gzip above the threshold.
 *
 * @throws `BUS_INVALID_MESSAGE` naming the field path, `BUS_INVALID_TOPIC` for an empty topic.
 * @example
 * const wire = encodeMessage(TOPICS.gameEvents, { key: event.gameId, value: event }, { now: clock });
 * await producer.send({ topic, messages: [wire] });
 */
export function encodeMessage(
  topic: string,
  message: OutgoingMessage,
  options: EncodeOptions = {},
): EncodedMessage {
  const [checked] = outgoingMessages(topic, [message], options) as [BusMessage];
  return serializeMessage(checked, options.gzipThresholdBytes);
}

function decodeFailed(topic: string, reason: string, cause?: unknown): ArenaError {
  return new ArenaError(`Cannot decode a message on ${topic}: ${reason}`, {
    code: BUS_ERROR_CODES.DECODE_FAILED,
    details: { topic, reason },
    cause,
  });
}

/** Header values as strings (the last one when a header is repeated). */
export function headerStrings(headers: WireMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const name of Object.keys(headers)) {
    let raw = headers[name];
    if (Array.isArray(raw)) raw = raw[raw.length - 1];
    if (raw === undefined) continue;
    result[name] = typeof raw === 'string' ? raw : (raw as Buffer).toString('utf8');
  }
  return result;
}

function checkEnvelope(topic: string, headers: Record<string, string>): BusValueKind {
  const version = headers[ENVELOPE_HEADERS.envelope];
  if (version === undefined) {
    throw decodeFailed(topic, `missing envelope header "${ENVELOPE_HEADERS.envelope}"`);
  }
  if (version !== String(ENVELOPE_VERSION)) {
    throw decodeFailed(
      topic,
      `unknown envelope version "${version}" in header "${ENVELOPE_HEADERS.envelope}" (this build reads ${ENVELOPE_VERSION})`,
    );
  }
  const kind = headers[ENVELOPE_HEADERS.kind];
  if (kind !== 'event' && kind !== 'command') {
    throw decodeFailed(
      topic,
      `bad header "${ENVELOPE_HEADERS.kind}": ${JSON.stringify(kind ?? null)} (allowed: "event", "command")`,
    );
  }
  const contentType = headers[ENVELOPE_HEADERS.contentType];
  if (contentType !== undefined && contentType !== JSON_CONTENT) {
    throw decodeFailed(
      topic,
      `bad header "${ENVELOPE_HEADERS.contentType}": ${JSON.stringify(contentType)} (allowed: "${JSON_CONTENT}")`,
    );
  }
  const encoding = headers[ENVELOPE_HEADERS.contentEncoding];
  if (encoding !== undefined && encoding !== GZIP) {
    throw decodeFailed(
      topic,
      `bad header "${ENVELOPE_HEADERS.contentEncoding}": ${JSON.stringify(encoding)} (allowed: "${GZIP}" or none)`,
    );
  }
  return kind;
}

function parseBody(topic: string, wire: WireMessage, gzipped: boolean): unknown {
  if (wire.value === null || wire.value.length === 0) throw decodeFailed(topic, 'empty body');
  let text: string;
  if (gzipped) {
    const compressed = typeof wire.value === 'string' ? Buffer.from(wire.value) : wire.value;
    try {
      text = gunzipSync(compressed).toString('utf8');
    } catch (cause) {
      throw decodeFailed(topic, `undecodable gzip body (${(cause as Error).message})`, cause);
    }
  } else {
    text = typeof wire.value === 'string' ? wire.value : wire.value.toString('utf8');
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw decodeFailed(topic, `invalid JSON body (${(cause as Error).message})`, cause);
  }
}

/** The envelope headers that must agree with the body, by the body field they mirror. */
function mismatches(value: BusValue, headers: Record<string, string>): string[] {
  const expected: Array<[string, string]> = [
    [ENVELOPE_HEADERS.type, value.type],
    [ENVELOPE_HEADERS.gameId, value.gameId],
    [ENVELOPE_HEADERS.eventId, value.id],
  ];
  if ('seq' in value) expected.push([ENVELOPE_HEADERS.seq, String(value.seq)]);
  return expected
    .filter(([name, body]) => headers[name] !== undefined && headers[name] !== body)
    .map(
      ([name, body]) =>
        `header "${name}" is ${JSON.stringify(headers[name])}, body says ${JSON.stringify(body)}`,
    );
}

function decodeOrThrow(topic: string, wire: WireMessage, options: DecodeOptions): BusMessage {
  const headers = headerStrings(wire.headers);
  const kind = checkEnvelope(topic, headers);
  const key =
    wire.key === null ? '' : typeof wire.key === 'string' ? wire.key : wire.key.toString('utf8');
  if (key.length === 0) throw decodeFailed(topic, 'missing key (the game id)');
  const body = parseBody(topic, wire, headers[ENVELOPE_HEADERS.contentEncoding] === GZIP);
  let value = body as BusValue;
  if (options.validate ?? true) {
    const parsed = parseBusValue(body);
    const what = `${kind} on topic ${topic}`;
    if (!parsed.ok) throw invalidMessage(what, parsed.issues);
    const wrong = mismatches(parsed.value, headers);
    if (wrong.length > 0)
      throw invalidMessage(
        what,
        wrong.map((message) => ({ path: 'headers', message })),
      );
    value = parsed.value;
  }
  return { topic, key, value, headers };
}

/**
 * Decode a message read from the broker, as a Result (failure is expected here: anyone can
 * write to a topic). The error is `BUS_DECODE_FAILED` (missing or unknown envelope version, bad
 * header, undecodable gzip, invalid JSON) or `BUS_INVALID_MESSAGE` (the body fails its schema;
 * the issues name field paths such as `value.payload.turn`).
 */
export function safeDecodeMessage(
  topic: string,
  wire: WireMessage,
  options: DecodeOptions = {},
): Result<BusMessage> {
  try {
    return ok(decodeOrThrow(topic, wire, options));
  } catch (error) {
    if (error instanceof ArenaError) return err(error);
    return err(decodeFailed(topic, (error as Error).message ?? String(error), error));
  }
}

/**
 * Throwing form of {@link safeDecodeMessage}.
 *
 * @example
 * const msg = decodeMessage(TOPICS.gameEvents, { key, value, headers });
 * msg.value.type; // checked by GameEventSchema
 */
export function decodeMessage(
  topic: string,
  wire: WireMessage,
  options: DecodeOptions = {},
): BusMessage {
  const result = safeDecodeMessage(topic, wire, options);
  if (!result.ok) throw result.error;
  return result.value;
}
