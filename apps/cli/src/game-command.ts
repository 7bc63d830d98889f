import { z } from 'zod';
import type { ArenaSettings } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from './args';
import { settingsFrom } from './context';

const FLAGS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GameFlags = z.object({
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
});

export interface GameCommand {
  gameId: string;
  json: boolean;
  spectator: boolean;
  settings: ArenaSettings;
}

/**
 * Arguments of a command about one stored game (`arena <command> <game-id> [--json]
 * [--spectator] [--data-dir <dir>]`); null when `--help` was asked for.
 */
export function parseGameCommand(
  command: string,
  argv: string[],
  env: Record<string, string | undefined>,
): GameCommand | null {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(GameFlags, values);
  if (flags.help) return null;
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError(
      `${command} takes exactly one argument: the game id (arena play prints it when a game starts)`,
    );
  }
  return {
    gameId,
    json: flags.json ?? false,
    spectator: flags.spectator ?? false,
    settings: settingsFrom(env, { dataDir: flags['data-dir'] }),
  };
}
