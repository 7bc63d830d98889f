import type { GameEvent } from '@arena/models';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** JSON with object keys sorted at every level: equal values give byte-identical text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A game's log as JSON Lines in canonical form (one event per line). */
export function eventsToJsonLines(events: readonly GameEvent[]): string {
  return events.map((e) => canonicalJson(e)).join('\n') + (events.length > 0 ? '\n' : '');
}
