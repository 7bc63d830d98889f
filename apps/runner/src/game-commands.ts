import { randomUUID } from 'node:crypto';
import { TOPICS, type MessageBus } from '@arena/message-bus';
import { COMMAND_SCHEMA_VERSION, type Clock, type GameCommand } from '@arena/models';

/** Commands the runner issues for a stored game (`create_game` carries a config instead). */
export type GameControlCommand = Extract<
  GameCommand,
  { type: 'start_game' | 'resume_game' | 'stop_game' }
>;

/** Who issues commands, and when. */
export interface CommandIssuer {
  /** This runner's id (its lease owner name). */
  issuedBy: string;
  clock: Clock;
}

/**
 * A new command for a game: a unique id (consumers skip an id they have handled), the issuing
 * runner and the time from the injected clock.
 */
export function issueCommand(
  type: GameControlCommand['type'],
  gameId: string,
  issuer: CommandIssuer,
): GameControlCommand {
  return {
    schemaVersion: COMMAND_SCHEMA_VERSION,
    id: randomUUID(),
    type,
    gameId,
    issuedAt: new Date(issuer.clock.now()).toISOString(),
    issuedBy: issuer.issuedBy,
  };
}

/**
 * Publish a command on the commands topic, keyed by its game, so that one game's commands stay
 * ordered and reach the runner that owns the game's partition.
 */
export function publishCommand(bus: MessageBus, command: GameCommand): Promise<void> {
  return bus.publish(TOPICS.commands, [{ key: command.gameId, value: command }]);
}
