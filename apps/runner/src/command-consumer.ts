import type { FastifyBaseLogger } from 'fastify';
import { TOPICS, type BusMessage, type MessageBus, type Unsubscribe } from '@arena/message-bus';
import { ArenaError, hasErrorCode, type GameCommand } from '@arena/models';
import { ORCHESTRATION_ERROR_CODES } from '@arena/orchestration';
import { RUNNER_ERROR_CODES } from './errors';
import type { GameHost } from './game-host';
import type { GameOwnership } from './game-ownership';
import { checkRequestedConfig, createRequestedGame, type RunnerServices } from './requested-game';

export interface CommandConsumerOptions {
  /** A bus whose group subscriptions share a topic's partitions (Kafka, or the in-process bus). */
  bus: MessageBus;
  /** The runners' consumer group (`KAFKA_GROUP_ID`): its members share the games by partition. */
  group: string;
  services: RunnerServices;
  /** Plays the games; its `owns` filter must read `ownership`. */
  host: GameHost;
  /** Updated after every rebalance with the partitions this runner owns. */
  ownership: GameOwnership;
  logger: FastifyBaseLogger;
}

/** The runner's part in its group: started by {@link startCommandConsumer}. */
export interface CommandConsumer {
  /**
   * Leave the group (committing the commands handled, so the partitions go to the other
   * runners) and stop hearing stop commands. Games being played go on until the host stops.
   */
  stop(): Promise<void>;
}

type CreateCommand = Extract<GameCommand, { type: 'create_game' }>;

function isGameCommand(value: BusMessage['value']): value is GameCommand {
  return 'issuedBy' in value;
}

/** A failure caused by what the command asked for (checked by shape: errors cross packages). */
function isUserError(error: unknown): error is ArenaError {
  return (error as { category?: unknown } | null)?.category === 'user';
}

/** The error given to the bus for a command that can never succeed as sent. */
function invalidCommand(command: GameCommand, error: ArenaError): ArenaError {
  return new ArenaError(
    `${command.type} ${command.id} for game ${command.gameId} cannot succeed: ${error.message}`,
    {
      code: RUNNER_ERROR_CODES.INVALID_COMMAND,
      category: 'user',
      retriable: false,
      cause: error,
      details: {
        commandId: command.id,
        gameId: command.gameId,
        reason: error.code,
        ...error.details,
      },
    },
  );
}

/**
 * Take part in the runners' consumer group on the commands topic. Each command reaches the
 * runner owning its game's partition: `create_game` records the game (checked like a
 * `POST /games` body) unless it exists, then plays it; `start_game` and `resume_game` play a
 * stored game under its lease; `stop_game` ends a game that nobody plays. A broadcast
 * subscription makes whichever runner plays a game stop it on `stop_game`. After every
 * rebalance the runner plays the running games it now owns whose lease is free; one still
 * leased by a runner that died is taken by the sweep once the lease lapses.
 *
 * A command whose game cannot be created from it is logged and thrown as
 * `RUNNER_INVALID_COMMAND` (not retriable), for the bus to dead-letter at once; other failures
 * (the store, say) are thrown as they are, for the bus's retry policy to judge.
 *
 * Resolves once both subscriptions are ready (the group joined).
 *
 * @example
 * const ownership = new GameOwnership();
 * const host = new GameHost({ services, logger, owns: ownership.owns });
 * const consumer = await startCommandConsumer({ bus: services.bus, group: 'arena-runners', services, host, ownership, logger });
 * // on shutdown:
 * await consumer.stop();
 * await host.shutdown();
 */
export async function startCommandConsumer(
  options: CommandConsumerOptions,
): Promise<CommandConsumer> {
  const { bus, services, host, ownership, logger } = options;

  const commandLog = (command: GameCommand): FastifyBaseLogger =>
    logger.child({
      gameId: command.gameId,
      command: command.type,
      commandId: command.id,
      issuedBy: command.issuedBy,
    });

  /** Play a stored game that is still running; anything else is logged and left alone. */
  async function play(command: GameCommand, log: FastifyBaseLogger): Promise<void> {
    const summary = await services.store.getGame(command.gameId);
    if (!summary) return log.warn({ reason: 'unknown game' }, 'command_ignored');
    if (summary.status === 'ended') return log.info({ reason: 'game ended' }, 'command_ignored');
    if (command.type === 'stop_game') host.end(command.gameId);
    else host.start(command.gameId);
  }

  async function create(command: CreateCommand, log: FastifyBaseLogger): Promise<void> {
    if (!(await services.store.getGame(command.gameId))) {
      const source = `create_game command ${command.id}`;
      try {
        const config = checkRequestedConfig(command.config, services.catalog, source);
        host.assertAcceptingGames();
        await createRequestedGame(services, config, {
          gameId: command.gameId,
          seed: command.seed,
          source,
        });
      } catch (error) {
        // Created meanwhile by an earlier delivery of the same command: play it.
        if (!hasErrorCode(error, ORCHESTRATION_ERROR_CODES.GAME_EXISTS)) {
          if (isUserError(error)) {
            log.warn({ err: error }, 'command_rejected');
            throw invalidCommand(command, error);
          }
          throw error;
        }
      }
    }
    await play(command, log);
  }

  async function onCommand(message: BusMessage): Promise<void> {
    const command = message.value;
    if (!isGameCommand(command)) {
      logger.warn({ topic: message.topic, key: message.key }, 'not_a_command');
      return;
    }
    const log = commandLog(command);
    log.info('command_received');
    if (command.type === 'create_game') await create(command, log);
    else await play(command, log);
  }

  /** Whichever runner plays the game stops it; the others have nothing to do. */
  function onStop(message: BusMessage): void {
    const command = message.value;
    if (!isGameCommand(command) || command.type !== 'stop_game') return;
    if (host.stop(command.gameId)) commandLog(command).info('game_stop_requested');
  }

  async function resumeOwned(): Promise<void> {
    try {
      const taken = await host.resumeSuspended();
      if (taken.length > 0) logger.info({ games: taken }, 'owned_games_resumed');
    } catch (error) {
      logger.error({ err: error }, 'resume_failed');
    }
  }

  // Stops first, so that no stop for a game this runner starts is missed. The group is joined
  // last and alone: a member busy with other joins answers the group's rebalance late.
  const stopStops = await bus.subscribe(TOPICS.commands, onStop);
  let leaveGroup: Unsubscribe;
  try {
    leaveGroup = await bus.subscribe(TOPICS.commands, onCommand, {
      group: options.group,
      fromBeginning: true,
      onAssignment: (assignment) => {
        ownership.assign(assignment);
        logger.info({ partitions: assignment.partitions }, 'partitions_assigned');
        void resumeOwned();
      },
    });
  } catch (error) {
    await stopStops();
    throw error;
  }
  return {
    stop: async () => {
      await Promise.all([leaveGroup(), stopStops()]);
    },
  };
}
