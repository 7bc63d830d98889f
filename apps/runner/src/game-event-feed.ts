import { TOPICS, type BusMessage, type MessageBus } from '@arena/message-bus';
import type { GameEvent } from '@arena/models';

/** Receives a game's new events, in seq order within each call. */
export type GameEventListener = (events: readonly GameEvent[]) => void;

/**
 * Where a runner hears about new events of any game, whoever drives it. Live state is one (its
 * fan-out reaches every process sharing it); {@link openBusEventFeed} is the other.
 */
export interface GameEventFeed {
  /**
   * Receive the events of `gameId` published from now on. Resolves, with the function that
   * ends the subscription, once delivery of later events is certain.
   */
  subscribe(gameId: string, listener: GameEventListener): Promise<() => void>;
}

/** A feed over one bus subscription, closed with the runner. */
export interface BusEventFeed extends GameEventFeed {
  /** End the bus subscription (every listener stops hearing). */
  close(): Promise<void>;
}

function isGameEvent(value: BusMessage['value']): value is GameEvent {
  return 'seq' in value;
}

/**
 * Follow every game through one broadcast subscription to the game-events topic and hand each
 * event to the listeners of its game, so any number of spectator streams cost the runner one
 * consumer. Delivery is at least once and in seq order per game; readers skip what they have
 * and fill gaps from the store.
 *
 * @example
 * const feed = await openBusEventFeed(services.bus, (err) => logger.warn({ err }, 'feed_listener_failed'));
 * const stop = await feed.subscribe('g-1a2b3c4d', (events) => console.log(events.map((e) => e.seq)));
 */
export async function openBusEventFeed(
  bus: MessageBus,
  onListenerError: (error: unknown, event: GameEvent) => void,
): Promise<BusEventFeed> {
  const listeners = new Map<string, Set<GameEventListener>>();
  const unsubscribe = await bus.subscribe(TOPICS.gameEvents, (message) => {
    const event = message.value;
    if (!isGameEvent(event)) return;
    for (const listener of listeners.get(event.gameId) ?? []) {
      try {
        listener([event]);
      } catch (error) {
        // One failing stream must neither starve the others nor make the bus redeliver.
        onListenerError(error, event);
      }
    }
  });
  return {
    subscribe: async (gameId, listener) => {
      // A wrapper per call, so that one listener subscribed twice is removed once per call.
      const own: GameEventListener = (events) => listener(events);
      const ofGame = listeners.get(gameId) ?? new Set<GameEventListener>();
      ofGame.add(own);
      listeners.set(gameId, ofGame);
      return () => {
        ofGame.delete(own);
        if (ofGame.size === 0 && listeners.get(gameId) === ofGame) listeners.delete(gameId);
      };
    },
    close: async () => {
      listeners.clear();
      await unsubscribe();
    },
  };
}
