import { hostname } from 'node:os';
import {
  ArenaError,
  applyEvent,
  computeStandings,
  foldGame,
  type GameEvent,
  type GameState,
} from '@arena/models';
import type { Lease, LiveState } from '@arena/persistence';
import { ORCHESTRATION_ERROR_CODES } from './errors';
import { GameSession, type GameServices, type RunOptions } from './game-session';
import { gameNotFound } from './games';
import { LeaseKeeper } from './lease-keeper';
import { restoreLiveGame } from './live-reads';
import type { ArenaSettings } from './settings';

/** Services to drive games under a lease: the game's own plus the shared live state. */
export type LeasedGameServices = GameServices & { live: LiveState };

export interface DriveOptions extends RunOptions {
  /** This process as the lease owner (see {@link leaseOwnerOf}). */
  owner: string;
  /** Lease time-to-live in ms; the lease is renewed every third of it and before every batch. */
  ttlMs: number;
  /** Called once the lease is held and the log loaded, before the game goes on. */
  onLease?: (lease: Lease, state: GameState) => void;
  /**
   * Receives live-state failures that do not stop the game (publishing, releasing, a renewal
   * that could not be made). @default console.error
   */
  onLiveError?: (error: unknown) => void;
}

/**
 * How a drive ended: `busy` — another owner holds the lease, nothing was played; `ended` — the
 * game is over; `suspended` — stopped by `suspend`, resumable; `lost` — the lease expired or was
 * taken over, so the game stopped at its next boundary without ending (another driver goes on).
 */
export type DriveResult =
  | { outcome: 'busy'; holder: Lease | null }
  | { outcome: 'ended' | 'suspended' | 'lost'; lease: Lease; state: GameState };

/** This process as a lease owner: `ARENA_RUNNER_ID`, or `<hostname>-<pid>`. */
export function leaseOwnerOf(settings: Pick<ArenaSettings, 'ARENA_RUNNER_ID'>): string {
  return settings.ARENA_RUNNER_ID ?? `${hostname()}-${process.pid}`;
}

/** Error for a game another process is driving (names the holder and how long it holds it). */
export function gameLeased(gameId: string, holder: Lease | null): ArenaError {
  const by = holder
    ? `${holder.owner} (lease until ${new Date(holder.expiresAt).toISOString()})`
    : 'another process';
  return new ArenaError(
    `Game ${gameId} is being played by ${by}; wait for it to end or stop that process first`,
    {
      code: ORCHESTRATION_ERROR_CODES.GAME_LEASED,
      retriable: true,
      details: { gameId, owner: holder?.owner ?? null, expiresAt: holder?.expiresAt ?? null },
    },
  );
}

/** Folds a driven game's committed batches and publishes them, in order, to live state. */
class LivePublisher {
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly live: LiveState,
    private committed: GameState,
    private readonly onError: (error: unknown) => void,
  ) {}

  get state(): GameState {
    return this.committed;
  }

  publish(batch: readonly GameEvent[]): void {
    for (const event of batch) this.committed = applyEvent(this.committed, event);
    const { gameId } = this.committed;
    const standings = computeStandings(this.committed);
    this.publishing = this.publishing
      .then(() => this.live.publishEvents(gameId, batch, { standings }))
      .catch(this.onError);
  }

  /** Resolves once every batch handed over is published (or reported as failed). */
  idle(): Promise<void> {
    return this.publishing;
  }
}

/** Play the loaded game under `keeper`'s lease; a lost lease ends the drive as `lost`. */
async function playLeased(
  services: LeasedGameServices,
  keeper: LeaseKeeper,
  state: GameState,
  options: DriveOptions,
  onLiveError: (error: unknown) => void,
): Promise<DriveResult> {
  const { lease } = keeper;
  if (!(await keeper.start())) return { outcome: 'lost', lease, state };
  const publisher = new LivePublisher(services.live, state, onLiveError);
  const suspend = options.suspend ? AbortSignal.any([options.suspend, keeper.lost]) : keeper.lost;
  const session = new GameSession(services, state, {
    ...options,
    suspend,
    beforeAppend: (batch) => keeper.admit(batch),
    onEvents: (batch) => {
      publisher.publish(batch);
      options.onEvents?.(batch);
    },
  });
  let final: GameState | null = null;
  try {
    final = await session.run();
  } catch (error) {
    // A driver that lost its lease stops with the refusal of its next batch: that is expected.
    if (!keeper.lost.aborted) throw error;
  } finally {
    await publisher.idle();
  }
  if (keeper.lost.aborted || !final) return { outcome: 'lost', lease, state: publisher.state };
  return { outcome: final.status === 'ended' ? 'ended' : 'suspended', lease, state: final };
}

/**
 * Drive a stored game under its lease, so that exactly one process plays it at a time: take the
 * lease (or report who holds it), restore the game's live state from its log, play on from where
 * the log stops while renewing the lease (every `ttlMs / 3` and before each batch, recording the
 * batch's last seq), publish each stored batch to live state, and release the lease at the end.
 * A driver whose lease lapses or is taken over stores nothing more and stops at its next turn
 * boundary without ending the game; whatever it may still have in flight conflicts with the new
 * driver's appends on (game, seq), so the log never forks.
 *
 * @throws ArenaError `ORCH_GAME_NOT_FOUND` for an unknown game (the lease is released).
 *
 * @example
 * const result = await driveGame(services, 'g-1a2b3c4d', { owner: leaseOwnerOf(settings), ttlMs: 15_000 });
 * if (result.outcome === 'busy') throw gameLeased('g-1a2b3c4d', result.holder);
 */
export async function driveGame(
  services: LeasedGameServices,
  gameId: string,
  options: DriveOptions,
): Promise<DriveResult> {
  const onLiveError = options.onLiveError ?? ((error: unknown) => console.error(error));
  const lease = await services.live.acquire(gameId, options.owner, options.ttlMs);
  if (!lease) return { outcome: 'busy', holder: await services.live.holder(gameId) };
  try {
    const events = await services.store.load(gameId);
    if (events.length === 0) throw gameNotFound(gameId);
    const state = foldGame(events);
    await restoreLiveGame(services.live, events).catch(onLiveError);
    options.onLease?.(lease, state);
    if (state.status === 'ended') return { outcome: 'ended', lease, state };
    const keeper = new LeaseKeeper(services.live, lease, state.lastSeq, onLiveError);
    try {
      return await playLeased(services, keeper, state, options, onLiveError);
    } finally {
      keeper.stop();
    }
  } finally {
    // Hand the game over at once rather than after the time-to-live (a no-op once lost).
    await services.live.release(lease).catch(onLiveError);
  }
}
