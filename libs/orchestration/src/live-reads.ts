import { computeStandings, foldGame, type GameEvent, type Standing } from '@arena/models';
import type { EventStore, Lease, LiveState } from '@arena/persistence';
import { gameNotFound } from './games';

/** What reads and writes the live state of games. */
export interface LiveReadServices {
  store: EventStore;
  live: LiveState;
}

/** A game as spectators see it while it plays, from live state or, failing that, its log. */
export interface LiveGameRead {
  gameId: string;
  /** Who drives the game now, or null (ended, suspended, or its driver died). */
  driver: Pick<Lease, 'owner' | 'token' | 'expiresAt'> | null;
  /** Standings after the latest event. */
  standings: Standing[];
  /** The latest events, oldest first. */
  recent: GameEvent[];
  /** Where the answer came from: `live` state, or the event `store` when live state had none. */
  source: 'live' | 'store';
}

/**
 * Put a game's hot state back from its log: its last events and the standings of its fold.
 * Events live state already holds are skipped, so this never rolls a newer state back.
 */
export async function restoreLiveGame(
  live: LiveState,
  events: readonly GameEvent[],
): Promise<void> {
  const last = events.at(-1);
  if (!last) return;
  await live.publishEvents(last.gameId, events.slice(-live.recentLimit), {
    standings: computeStandings(foldGame(events)),
  });
}

/**
 * The events of a game strictly between `afterSeq` and `beforeSeq` (a hole a spectator's stream
 * must fill): from live state's recent events when they hold every one of them, otherwise from
 * the event store.
 */
export async function readEventsBetween(
  services: LiveReadServices,
  gameId: string,
  afterSeq: number,
  beforeSeq: number,
): Promise<GameEvent[]> {
  const wanted = beforeSeq - afterSeq - 1;
  if (wanted <= 0) return [];
  if (wanted <= services.live.recentLimit) {
    const recent = await services.live.recent(gameId, services.live.recentLimit);
    const hole = recent.filter((e) => e.seq > afterSeq && e.seq < beforeSeq);
    if (hole.length === wanted) return hole;
  }
  const stored = await services.store.load(gameId, { fromSeq: afterSeq + 1 });
  return stored.filter((e) => e.seq < beforeSeq);
}

/**
 * Standings, recent events and driver of a game: from live state, or from the event log when
 * live state holds nothing for it (never published, expired, or Redis was emptied).
 *
 * @throws ArenaError `ORCH_GAME_NOT_FOUND` for a game with no events.
 */
export async function readLiveGame(
  services: LiveReadServices,
  gameId: string,
  recentCount: number,
): Promise<LiveGameRead> {
  const { live } = services;
  const [standings, recent, holder] = await Promise.all([
    live.standings(gameId),
    live.recent(gameId, recentCount),
    live.holder(gameId),
  ]);
  const driver = holder
    ? { owner: holder.owner, token: holder.token, expiresAt: holder.expiresAt }
    : null;
  if (standings && (recent.length > 0 || recentCount === 0)) {
    return { gameId, driver, standings, recent, source: 'live' };
  }
  const events = await services.store.load(gameId);
  if (events.length === 0) throw gameNotFound(gameId);
  return {
    gameId,
    driver,
    standings: computeStandings(foldGame(events)),
    recent: recentCount === 0 ? [] : events.slice(-recentCount),
    source: 'store',
  };
}
