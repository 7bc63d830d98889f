import type { GameEvent } from '@arena/models';
import type { MessageBus } from './message-bus';
import { EVENT_ROUTES, TOPICS, TOPIC_CATALOGUE } from './topics';

/**
 * Publish game events to `arena.game-events`, then to each thematic topic of `EVENT_ROUTES`
 * (the narrator's lines to `arena.narrator`…), keyed by game id, each topic in event order.
 * The log goes first and carries every event, so an event the bus refuses publishes nothing;
 * the thematic topics then go out together (one batch on Kafka).
 *
 * @example
 * await publishGameEvents(services.bus, appended);
 */
export async function publishGameEvents(
  bus: MessageBus,
  events: readonly GameEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await bus.publish(
    TOPICS.gameEvents,
    events.map((value) => ({ key: value.gameId, value })),
  );
  const thematic = new Map<string, GameEvent[]>();
  for (const event of events) {
    for (const route of EVENT_ROUTES[event.type] ?? []) {
      const name = TOPIC_CATALOGUE[route].name;
      const list = thematic.get(name) ?? [];
      list.push(event);
      thematic.set(name, list);
    }
  }
  await Promise.all(
    [...thematic].map(([topic, list]) =>
      bus.publish(
        topic,
        list.map((value) => ({ key: value.gameId, value })),
      ),
    ),
  );
}
