import { ArenaError, type GameConfig, type GameSpec } from '@arena/models';
import type { EventStore } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from './errors';

/** Indexes (in `players`) of the seats a config asks to bring their champion memory. */
export function championSeatIndexes(players: GameConfig['players']): number[] {
  return players.flatMap((p, i) => ('champion' in p && p.champion ? [i] : []));
}

/**
 * Seat champions: each seat at `indexes` (positions in `players`, 0-based) carries its
 * character's stored memory (`seat.memory`, which only that seat's prompt shows) and the memory
 * version and record behind it (`seat.champion`). Writes nothing.
 *
 * Throws `ORCH_UNKNOWN_CHAMPION` (a user error naming `players.<i>.champion`) when a character
 * has no stored memory.
 *
 * @example
 * const spec = await seatChampions(store, resolveGameSpec(config, catalog), [0]);
 */
export async function seatChampions(
  store: EventStore,
  spec: GameSpec,
  indexes: readonly number[],
): Promise<GameSpec> {
  if (indexes.length === 0) return spec;
  const seats = [...spec.seats];
  for (const i of indexes) {
    const seat = seats[i];
    if (!seat) throw new Error(`no seat at players.${i}`);
    const champion = await store.getChampion(seat.profile.id);
    if (!champion) throw await unknownChampion(store, i, seat.profile.id);
    seats[i] = {
      ...seat,
      memory: champion.memory,
      champion: { version: champion.version, games: champion.games, wins: champion.wins },
    };
  }
  return { ...spec, seats };
}

async function unknownChampion(
  store: EventStore,
  index: number,
  characterId: string,
): Promise<ArenaError> {
  const known = (await store.listChampions()).map((c) => c.characterId).sort();
  const path = `players.${index}.champion`;
  return new ArenaError(
    `${path}: character "${characterId}" has no champion memory yet (a character gains one by winning a game); champions: ${known.length > 0 ? known.join(', ') : 'none yet'}`,
    {
      code: ORCHESTRATION_ERROR_CODES.UNKNOWN_CHAMPION,
      category: 'user',
      details: { path, value: characterId, allowed: known },
    },
  );
}
