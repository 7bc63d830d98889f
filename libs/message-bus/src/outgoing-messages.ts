import {
  ArenaError,
  GameCommandSchema,
  GameEventSchema,
  zodIssues,
  type Issue,
} from '@arena/models';
import type { ZodError } from 'zod';
import { envelopeHeaders, valueKind } from './envelope';
import { BUS_ERROR_CODES } from './errors';
import type { BusMessage, BusValue, OutgoingMessage } from './message-bus';

/** `BUS_INVALID_MESSAGE` listing every field path (`value.payload.turn`) and what is allowed. */
export function invalidMessage(what: string, issues: readonly Issue[]): ArenaError {
  const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid ${what}:\n${lines}`, {
    code: BUS_ERROR_CODES.INVALID_MESSAGE,
    category: 'user',
    details: { issues: issues.map((i) => ({ ...i })) },
  });
}

/** Zod issues of a message value, with paths under `value`. */
export function valueIssues(error: ZodError): Issue[] {
  return zodIssues(error).map((i) => ({
    path: i.path ? `value.${i.path}` : 'value',
    message: i.message,
  }));
}

/**
 * Check a value with `GameCommandSchema` when its type is a command type, else with
 * `GameEventSchema`. Returns the parsed copy, or the issues with paths under `value`.
 */
export function parseBusValue(
  value: unknown,
): { ok: true; value: BusValue } | { ok: false; issues: Issue[] } {
  const parsed =
    valueKind(value) === 'command'
      ? GameCommandSchema.safeParse(value)
      : GameEventSchema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: valueIssues(parsed.error) };
}

/** Throw `BUS_INVALID_TOPIC` unless `topic` is a non-empty string. */
export function checkTopic(topic: string): void {
  if (typeof topic !== 'string' || topic.length === 0) {
    throw new ArenaError(`A topic must be a non-empty string, got ${JSON.stringify(topic)}`, {
      code: BUS_ERROR_CODES.INVALID_TOPIC,
      category: 'user',
      details: { topic: String(topic) },
    });
  }
}

export interface OutgoingMessagesOptions {
  /** Check each value with its schema (event or command). @default true */
  validate?: boolean;
  /** Clock for the `produced-at` header. @default () => new Date() */
  now?: () => Date;
}

/**
 * Check a whole publish call and build the messages it publishes: each value checked (a parsed
 * copy; the value itself when validation is off) with the caller's headers and the envelope
 * headers, which win over caller headers of the same name. Throws before anything is published.
 */
export function outgoingMessages(
  topic: string,
  messages: ReadonlyArray<OutgoingMessage>,
  options: OutgoingMessagesOptions = {},
): BusMessage[] {
  checkTopic(topic);
  const validate = options.validate ?? true;
  const producedAt = (options.now ?? (() => new Date()))().toISOString();
  return messages.map((message, index) => {
    const what = `message ${index} for topic ${topic}`;
    if (typeof message.key !== 'string' || message.key.length === 0) {
      throw invalidMessage(what, [
        { path: 'key', message: 'must be a non-empty string (the game id)' },
      ]);
    }
    let value = message.value;
    if (validate) {
      const parsed = parseBusValue(message.value);
      if (!parsed.ok) throw invalidMessage(what, parsed.issues);
      value = parsed.value;
    }
    return {
      topic,
      key: message.key,
      value,
      headers: { ...message.headers, ...envelopeHeaders(value, producedAt) },
    };
  });
}
