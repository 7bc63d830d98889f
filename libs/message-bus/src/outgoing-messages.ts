import { ArenaError, GameEventSchema, zodIssues, type GameEvent, type Issue } from '@arena/models';
import { envelopeHeaders } from './envelope-headers';
import { BUS_ERROR_CODES } from './errors';
import type { BusMessage, OutgoingMessage } from './message-bus';

function invalidMessage(topic: string, index: number, issues: Issue[]): ArenaError {
  const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
  return new ArenaError(`Invalid message ${index} for topic ${topic}:\n${lines}`, {
    code: BUS_ERROR_CODES.INVALID_MESSAGE,
    category: 'user',
    details: { topic, index, issues },
  });
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

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

export interface OutgoingMessagesOptions {
  /** Check each value with `GameEventSchema`. @default true */
  validate?: boolean;
}

/**
 * Check a publish call and build the messages subscribers will see: a frozen copy of each value
 * (so neither the publisher nor one subscriber can change what another receives) with the
 * envelope headers. Throws before anything is published.
 */
export function outgoingMessages(
  topic: string,
  messages: ReadonlyArray<OutgoingMessage>,
  options: OutgoingMessagesOptions = {},
): BusMessage[] {
  checkTopic(topic);
  return messages.map((message, index) => {
    if (typeof message.key !== 'string' || message.key.length === 0) {
      throw invalidMessage(topic, index, [
        { path: 'key', message: 'must be a non-empty string (the game id)' },
      ]);
    }
    let value: GameEvent;
    if (options.validate ?? true) {
      const parsed = GameEventSchema.safeParse(message.value);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error).map((i) => ({
          path: i.path ? `value.${i.path}` : 'value',
          message: i.message,
        }));
        throw invalidMessage(topic, index, issues);
      }
      value = parsed.data;
    } else {
      value = structuredClone(message.value);
    }
    return Object.freeze({
      topic,
      key: message.key,
      value: deepFreeze(value),
      headers: Object.freeze({ ...message.headers, ...envelopeHeaders(value) }),
    });
  });
}
