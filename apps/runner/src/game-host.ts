import type { FastifyBaseLogger } from 'fastify';
import { ArenaError, type GameEvent } from '@arena/models';
import { runGame, type GameServices } from '@arena/orchestration';
import { RUNNER_ERROR_CODES } from './errors';

export interface GameHostOptions {
  /** Store, bus and clock the games are played on. */
  services: GameServices;
  /** Parent logger; each game logs through a child carrying its `gameId` (and `turn`). */
  logger: FastifyBaseLogger;
}

interface HostedGame {
  stop: AbortController;
  done: Promise<void>;
}

/** Logs a game's notable events at info (the rest at debug) with the turn they belong to. */
function eventLog(gameLog: FastifyBaseLogger): (events: readonly GameEvent[]) => void {
  let turnLog = gameLog;
  return (events) => {
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
 * Plays games in the background of the runner and keeps track of them. A game that fails is
 * logged with its error and never takes the process down.
 *
 * @example
 * const host = new GameHost({ services, logger });
 * host.start('g-1a2b3c4d');
 * await host.shutdown(); // running games stop at their next turn boundary, resumable later
 */
export class GameHost {
  private readonly games = new Map<string, HostedGame>();
  private readonly suspend = new AbortController();
  private readonly services: GameServices;

  constructor(private readonly options: GameHostOptions) {
    this.services = options.services;
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
    this.launch(gameId, 'game_started');
  }

  /**
   * Continue every stored game that is still running (stopped by an earlier shutdown).
   * Returns their ids.
   */
  async resumeSuspended(): Promise<string[]> {
    const suspended = await this.options.services.store.listGames({ status: 'running' });
    const ids = suspended.map((g) => g.gameId).filter((id) => !this.games.has(id));
    for (const id of ids) this.launch(id, 'game_resumed');
    return ids;
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

  /** Stop every game at its next turn boundary without ending it, and wait until all have. */
  async shutdown(): Promise<void> {
    this.suspend.abort();
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

  private launch(gameId: string, message: 'game_started' | 'game_resumed'): void {
    this.assertAcceptingGames();
    if (this.games.has(gameId)) return;
    const stop = new AbortController();
    const log = this.options.logger.child({ gameId });
    log.info(message);
    const done = this.play(gameId, stop.signal, log).finally(() => this.games.delete(gameId));
    this.games.set(gameId, { stop, done });
  }

  private async play(gameId: string, signal: AbortSignal, log: FastifyBaseLogger): Promise<void> {
    try {
      const final = await runGame(this.services, gameId, {
        signal,
        suspend: this.suspend.signal,
        onEvents: eventLog(log),
      });
      if (final.status === 'running') log.info({ turn: final.turn }, 'game_suspended');
    } catch (error) {
      log.error({ err: error }, 'game_failed');
    }
  }
}
