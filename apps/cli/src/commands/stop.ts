import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { TOPICS } from '@arena/message-bus';
import {
  COMMAND_SCHEMA_VERSION,
  GameCommandSchema,
  systemClock,
  validate,
  type Clock,
  type GameCommand,
} from '@arena/models';
import type { ArenaSettings } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withBus } from '../context';
import { EXIT, type Output } from '../output';
import { callRunner, type RunnerTarget } from '../runner-client';
import { RUNNER_FLAGS, RunnerFlags, runnerTargetOf } from '../runner-flags';

export const STOP_HELP = `arena stop <game-id> [--runner <url>] [--token <token>] [--json]
  Stop a game a runner is playing: it ends at its next turn boundary as aborted (operator stop).
  Through the runner (POST /games/:id/stop) when --runner or ARENA_RUNNER_URL names one; else,
  with ARENA_BUS=kafka, by publishing a stop_game command on the commands topic, which reaches
  whichever runner drives the game. Without either there is no one to tell: exit 2.
  (A game played by arena play in a terminal stops with Ctrl-C there.)`;

const FLAGS = {
  ...RUNNER_FLAGS,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const StopFlags = RunnerFlags.extend({
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

/** What `POST /games/:id/stop|resume|start` answers (202). */
const Accepted = z
  .object({
    id: z.string(),
    command: z.object({ id: z.string(), type: z.string() }),
  })
  .loose();

/** The one argument of a command about a game: its id, in the form the runner accepts. */
export function gameIdArgument(command: string, positionals: readonly string[]): string {
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError(`${command} takes exactly one argument: the game id (arena list shows them)`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(gameId)) {
    throw usageError(
      `${command}: "${gameId}" is not a game id (letters, digits, ".", "_", "-"; at most 64), e.g. g-1a2b3c4d`,
    );
  }
  return gameId;
}

/** `POST /games/:id/<verb>` on the runner. */
export function commandOnRunner(
  target: RunnerTarget,
  gameId: string,
  verb: 'stop' | 'resume' | 'start',
) {
  return callRunner(target, {
    method: 'POST',
    path: `/games/${encodeURIComponent(gameId)}/${verb}`,
    schema: Accepted,
    what: `${verb} game ${gameId}`,
  });
}

/** A `stop_game` command from this CLI, checked against the command schema. */
export function stopCommand(gameId: string, clock: Clock = systemClock): GameCommand {
  return validate(
    GameCommandSchema,
    {
      schemaVersion: COMMAND_SCHEMA_VERSION,
      id: randomUUID(),
      type: 'stop_game',
      gameId,
      issuedAt: new Date(clock.now()).toISOString(),
      issuedBy: `arena-cli@${hostname()}`.slice(0, 200),
      reason: 'operator stop (arena stop)',
    },
    'stop command',
  );
}

/** Publish a stop command on the commands topic, keyed by its game (as the runners do). */
async function publishStop(settings: ArenaSettings, gameId: string): Promise<GameCommand> {
  const command = stopCommand(gameId);
  await withBus(settings, (bus) =>
    bus.publish(TOPICS.commands, [{ key: command.gameId, value: command }]),
  );
  return command;
}

/** `arena stop <game-id>`: ask the runner driving a game to stop it. */
export async function stop(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(StopFlags, values);
  if (flags.help) {
    out.line(STOP_HELP);
    return EXIT.ok;
  }
  const gameId = gameIdArgument('stop', positionals);
  const settings = settingsFrom(env);
  const target = runnerTargetOf(flags, settings);
  if (target) {
    const accepted = await commandOnRunner(target, gameId, 'stop');
    if (flags.json) out.json({ via: 'runner', ...accepted });
    else {
      out.line(
        `Stop of game ${gameId} accepted by ${target.url} (command ${accepted.command.id}); it ends at its next turn boundary.`,
      );
    }
    return EXIT.ok;
  }
  if (settings.ARENA_BUS !== 'kafka') {
    throw usageError(
      'stop needs a runner to tell: give --runner <url> or set ARENA_RUNNER_URL (or, with ARENA_BUS=kafka, the command goes over the bus). A game played by arena play stops with Ctrl-C in its terminal.',
      { path: '--runner' },
    );
  }
  const command = await publishStop(settings, gameId);
  if (flags.json)
    out.json({ via: 'bus', id: gameId, command: { id: command.id, type: command.type } });
  else {
    out.line(
      `Published stop_game for game ${gameId} on ${TOPICS.commands} (command ${command.id}); the runner driving it stops it at its next turn boundary.`,
    );
  }
  return EXIT.ok;
}
