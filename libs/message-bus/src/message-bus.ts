import type { GameEvent } from '@arena/models';

/** One delivered message. Treat it as read-only: every subscriber sees the same one. */
export interface BusMessage {
  topic: string;
  /** The game id, so that one game's messages stay ordered. */
  key: string;
  value: GameEvent;
  /** Caller headers plus the envelope: `type`, `schema-version`, `game-id`, `seq`, `event-id`. */
  headers: Record<string, string>;
}

/** A message to publish; the bus adds the envelope headers. */
export interface OutgoingMessage {
  key: string;
  value: GameEvent;
  headers?: Record<string, string>;
}

export type BusHandler = (message: BusMessage) => void | Promise<void>;

/** Publish/subscribe transport for game events (in-process or Kafka). */
export interface MessageBus {
  /**
   * Publish in order; key = game id so one game's events stay ordered. Validates each value
   * with `GameEventSchema` (`BUS_INVALID_MESSAGE` naming the field path); an invalid message
   * rejects the whole call and nothing of it is published.
   */
  publish(topic: string, messages: ReadonlyArray<OutgoingMessage>): Promise<void>;
  /**
   * Handlers for a topic receive messages in publish order; returns an unsubscribe function.
   * A throwing handler does not break others (its errors go to the bus's `onError`).
   */
  subscribe(topic: string, handler: BusHandler): () => void;
  /** Stop accepting messages, finish delivering those already published, release resources. */
  close(): Promise<void>;
}
