import type { FastifyBaseLogger } from 'fastify';
import { ArenaError, type GameEvent } from '@arena/models';
import {
  driveGame,
  leaseOwnerOf,
  type DriveResult,
  type LeasedGameServices,
} from '@arena/orchestration';
import { RUNNER_ERROR_CODES } from './errors';

export interface GameHostOptions {
  /** Store, bus, clock and live state the games are played on. */
  services: LeasedGameServices;
  /** Parent logger; each game logs through a child carrying its `gameId` (and `turn`). */
  logger: FastifyBaseLogger;
  /** This runner as a lease owner. @default `<hostname>-<pid>` */
  owner?: string;
  /** Lease time-to-live in ms: renewed every third of it; orphaned games are swept every half. @default 15000 */
  leaseTtlMs?: number;
  /**
   * The games this runner may pick up by itself ({@link GameHost.resumeSuspended}, the sweep):
   * with distributed runners, those whose commands partition it owns, so that each orphaned
   * game is taken by its partition's owner. Games asked for by name are played regardless.
   * @default every game
   */
  owns?: (gameId: string) => boolean;
}

interface HostedGame {
  stop: AbortController;
  done: Promise<void>;
  /** Settles true once this runner holds the game's lease, false when it never got it. */
  leased: Promise<boolean>;
}

type LaunchReason = 'game_started' | 'game_resumed' | 'game_stopping';

/** Lease time-to-live when none is configured (`ARENA_LEASE_TTL_MS`'s default). */
const DEFAULT_LEASE_TTL_MS = 15_000;

/**
 * Whether a stored game was created to wait for a start by id and has not been started: its
 * log is still only its `game_created`, marked `awaitingStart`.
 */
async function awaitsStart(
  store: LeasedGameServices['store'],
  gameId: string,
  lastSeq: number | undefined,
): Promise<boolean> {
  if (lastSeq !== 0) return false;
  const [created] = await store.load(gameId);
  return created?.type === 'game_created' && created.payload.awaitingStart === true;
}

/**
 * Logs a game's notable events at info (the rest at debug) with the turn they belong to, and
 * each stored batch's seq range at debug.
 */
function eventLog(gameLog: FastifyBaseLogger): (events: readonly GameEvent[]) => void {
  let turnLog = gameLog;
  return (events) => {
    gameLog.debug({ first: events[0]?.seq, last: events.at(-1)?.seq }, 'events_stored');
    for (const e of events) {
      switch (e.type) {
        case 'turn_started':
          turnLog = gameLog.child({ turn: e.payload.turn });
          turnLog.info({ round: e.payload.round }, 'turn_started');
          break;
        case 'player_eliminated':
          turnLog.info(
            { playerId: e.payload.playerId, cause: e.payload.cause, standing: e.payload.standing },
            'player_eliminated',
          );
          break;
        case 'verdict_reached':
          turnLog.info(
            {
              accusationId: e.payload.accusationId,
              verdict: e.payload.verdict,
              confidence: e.payload.confidence,
            },
            'verdict_reached',
          );
          break;
        case 'game_ended':
          turnLog.info(
            {
              reason: e.payload.reason,
              detail: e.payload.detail,
              abortCause: e.payload.abortCause,
              winnerId: e.payload.winnerId,
            },
            'game_ended',
          );
          break;
        default:
          turnLog.debug({ seq: e.seq, type: e.type }, 'event');
      }
    }
  };
}

/**
 * Plays games in the background of the runner and keeps track of them. Every game is driven
 * under its lease (see `driveGame`), so runners sharing a store and a live state never play the
 * same game at once, and a runner that dies leaves its games to the others' sweep. A game that
 * fails is logged with its error and never takes the process down.
 *
 * @example
 * const host = new GameHost({ services, logger });
 * host.start('g-1a2b3c4d');
 * await host.shutdown(); // running games stop at their next turn boundary, resumable later
 */
export class GameHost {
  private readonly games = new Map<string, HostedGame>();
  private readonly suspend = new AbortController();
  private readonly services: LeasedGameServices;
  /** This runner as the owner of the leases of the games it drives. */
  readonly owner: string;
  private readonly leaseTtlMs: number;
  private readonly owns: (gameId: string) => boolean;
  /** Games asked to end that are not played here yet: they end as soon as this runner gets them. */
  private readonly endRequested = new Set<string>();
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private sweeping = false;

  constructor(private readonly options: GameHostOptions) {
    this.services = options.services;
    this.owner = options.owner ?? leaseOwnerOf({});
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.owns = options.owns ?? (() => true);
  }

  /** True once {@link shutdown} was called: no new games start. */
  get shuttingDown(): boolean {
    return this.suspend.signal.aborted;
  }

  /** Ids of the games being played here. */
  running(): string[] {
    return [...this.games.keys()];
  }

  isRunning(gameId: string): boolean {
    return this.games.has(gameId);
  }

  /**
   * Play a stored game in the background, continuing from wherever its log stops. A game already
   * being played here is left alone.
   *
   * @throws ArenaError `RUNNER_SHUTTING_DOWN` after {@link shutdown}.
   */
  start(gameId: string): void {
    void this.launch(gameId, 'game_started');
  }

  /**
   * Continue every stored game this runner owns that is still running and whose lease is free:
   * stopped by an earlier shutdown, or orphaned by a runner that died (its lease lapsed). Games
   * another runner is driving are left to it. Returns the ids of the games taken.
   */
  async resumeSuspended(): Promise<string[]> {
    if (this.shuttingDown) return [];
    const summaries = new Map(
      (await this.services.store.listGames({ status: 'running' })).map((g) => [g.gameId, g]),
    );
    const running = new Set(summaries.keys());
    // A game asked to end that ended elsewhere needs nothing more from this runner.
    for (const id of this.endRequested) if (!running.has(id)) this.endRequested.delete(id);
    const candidates = [...running].filter((id) => !this.games.has(id) && this.owns(id));
    const waiting = await Promise.all(
      candidates.map((id) => awaitsStart(this.services.store, id, summaries.get(id)?.lastSeq)),
    );
    const ids = candidates.filter((_, i) => !waiting[i]);
    const held = await Promise.all(ids.map((id) => this.launch(id, 'game_resumed')));
    return ids.filter((_, i) => held[i]);
  }

  /**
   * Every half lease time-to-live, take over running games whose lease has lapsed (their runner
   * was killed), until {@link shutdown}.
   */
  startSweeping(): void {
    if (this.sweeper || this.shuttingDown) return;
    this.sweeper = setInterval(() => void this.sweep(), this.leaseTtlMs / 2);
    this.sweeper.unref();
  }

  /**
   * Stop a game at its next turn boundary; it ends with reason `aborted` (operator stop).
   * Returns false when the game is not being played here.
   */
  stop(gameId: string): boolean {
    const game = this.games.get(gameId);
    if (!game) return false;
    game.stop.abort();
    return true;
  }

  /**
   * End a stored game as an operator stop wherever it stands: a game played here stops at its
   * next turn boundary; any other is ended as soon as this runner gets its lease — at once when
   * it is free, else when the sweep takes it over (its driver died). A game another runner
   * drives is left to that runner's own stop.
   *
   * @throws ArenaError `RUNNER_SHUTTING_DOWN` after {@link shutdown}.
   */
  end(gameId: string): void {
    if (this.stop(gameId)) return;
    this.endRequested.add(gameId);
    void this.launch(gameId, 'game_stopping');
  }

  /** Stop every game at its next turn boundary without ending it, and wait until all have. */
  async shutdown(): Promise<void> {
    this.suspend.abort();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.whenIdle();
  }

  /** Resolves once no game is being played here. */
  async whenIdle(): Promise<void> {
    while (this.games.size > 0) await Promise.all([...this.games.values()].map((g) => g.done));
  }

  /** @throws ArenaError `RUNNER_SHUTTING_DOWN` after {@link shutdown}. */
  assertAcceptingGames(): void {
    if (this.shuttingDown) {
      throw new ArenaError('The runner is shutting down and starts no new games', {
        code: RUNNER_ERROR_CODES.SHUTTING_DOWN,
        retriable: true,
      });
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const taken = await this.resumeSuspended();
      if (taken.length > 0) this.options.logger.info({ games: taken }, 'games_taken_over');
    } catch (error) {
      this.options.logger.error({ err: error }, 'sweep_failed');
    } finally {
      this.sweeping = false;
    }
  }

  private launch(gameId: string, reason: LaunchReason): Promise<boolean> {
    this.assertAcceptingGames();
    const hosted = this.games.get(gameId);
    if (hosted) return hosted.leased;
    const stop = new AbortController();
    if (this.endRequested.has(gameId)) stop.abort();
    let settle: (held: boolean) => void = () => undefined;
    const leased = new Promise<boolean>((resolve) => (settle = resolve));
    const done = this.play(gameId, reason, stop.signal, settle).finally(() => {
      settle(false);
      this.games.delete(gameId);
    });
    this.games.set(gameId, { stop, done, leased });
    return leased;
  }

  private async play(
    gameId: string,
    reason: LaunchReason,
    signal: AbortSignal,
    leased: (held: boolean) => void,
  ): Promise<void> {
    let log = this.options.logger.child({ gameId });
    let logEvents: (events: readonly GameEvent[]) => void = () => undefined;
    try {
      const result = await driveGame(this.services, gameId, {
        owner: this.owner,
        ttlMs: this.leaseTtlMs,
        signal,
        suspend: this.suspend.signal,
        onLease: (lease, state) => {
          leased(true);
          log = log.child({ token: lease.token });
          log.info({ seq: state.lastSeq, previousSeq: lease.seq }, reason);
          logEvents = eventLog(log);
        },
        onEvents: (events) => logEvents(events),
        onLiveError: (error) => log.warn({ err: error }, 'live_state_failed'),
      });
      if (result.outcome === 'ended') this.endRequested.delete(gameId);
      this.logOutcome(log, result);
    } catch (error) {
      this.endRequested.delete(gameId);
      log.error({ err: error }, 'game_failed');
    }
  }

  private logOutcome(log: FastifyBaseLogger, result: DriveResult): void {
    switch (result.outcome) {
      case 'busy':
        log.trace({ holder: result.holder?.owner ?? null }, 'game_busy');
        break;
      case 'suspended':
        log.info({ turn: result.state.turn }, 'game_suspended');
        break;
      case 'lost':
        log.warn({ turn: result.state.turn }, 'lease_lost');
        break;
      case 'ended':
        break;
    }
  }
}
