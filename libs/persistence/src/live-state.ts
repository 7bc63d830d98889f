import type { GameEvent, Standing } from '@arena/models';

/**
 * The right to drive one game, held by one owner (a runner or CLI process) until `expiresAt`
 * unless renewed. Leases are values: renewing does not change them.
 */
export interface Lease {
  readonly gameId: string;
  readonly owner: string;
  /**
   * Fencing token: strictly increasing per game across every owner, so a newer holder always
   * carries a larger token than any holder before it.
   */
  readonly token: number;
  /** Time-to-live the lease was taken with; every renewal extends it by this much. */
  readonly ttlMs: number;
  /** When the lease lapses unless renewed (ms since the epoch, by the live state's clock). */
  readonly expiresAt: number;
  /**
   * Last event seq recorded for the game when this lease was read (−1 when none). From
   * `acquire`: what earlier holders recorded, i.e. how far the previous driver may have written.
   * From `holder`: what the current holder recorded last.
   */
  readonly seq: number;
}

/** Receives each batch of newly published events of one game, in seq order. */
export type LiveListener = (events: readonly GameEvent[]) => void;

export interface PublishOptions {
  /** Standings after these events, kept as the game's latest standings. */
  standings?: readonly Standing[];
}

/**
 * Shared, short-lived state of the games being played, for every runner and CLI process:
 * leases (one driver per game, fenced by token and event seq), the latest standings and recent
 * events of each game (fast reads), and fan-out of new events to subscribers in every process.
 *
 * Nothing here is the source of truth: the event log is. Hot state is rebuilt from the log by
 * publishing its last events again with the standings of its fold (`publishEvents` skips what it
 * already holds), and readers fall back to the event store when live state has nothing. A lost
 * lease only makes a game wait for the next driver.
 */
export interface LiveState {
  /** How many recent events are kept per game. */
  readonly recentLimit: number;
  /**
   * Take the game's lease for `ttlMs`, or null while another owner holds an unexpired one. The
   * same owner may take it again (it gets a new token, the old lease is superseded).
   */
  acquire(gameId: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /**
   * Extend the lease by its `ttlMs` and record `seq`, the last event seq its holder has stored
   * (or is about to store). False, and nothing changed, when the lease has expired or was taken
   * over, or when `seq` is lower than a seq recorded earlier under the same lease.
   */
  renew(lease: Lease, seq: number): Promise<boolean>;
  /** Give the lease up so another owner can take the game at once; false when it was not held. */
  release(lease: Lease): Promise<boolean>;
  /** The current unexpired lease of a game, or null. */
  holder(gameId: string): Promise<Lease | null>;
  /**
   * Keep events of one game (in seq order) as its recent events and fan out those newer than
   * any published before to the game's subscribers in every process; `standings` replace the
   * game's latest standings.
   */
  publishEvents(
    gameId: string,
    events: readonly GameEvent[],
    options?: PublishOptions,
  ): Promise<void>;
  /** Up to the last `n` published events of a game, in seq order; [] when none are held. */
  recent(gameId: string, n: number): Promise<GameEvent[]>;
  /** The latest published standings of a game, or null when none are held. */
  standings(gameId: string): Promise<Standing[] | null>;
  /**
   * Receive the events published for a game from now on, from any process. Resolves, with the
   * function that ends the subscription, once delivery of later publications is certain.
   */
  subscribe(gameId: string, listener: LiveListener): Promise<() => void>;
  /** End every subscription and release the connections; later calls throw. */
  close(): Promise<void>;
}
