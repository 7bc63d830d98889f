import { z } from 'zod';
import { loadGame } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { playLive } from '../live-game';
import { EXIT, type Output } from '../output';

const FLAGS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const RESUME_HELP = `arena resume <game-id> [--json] [--spectator] [--data-dir <dir>]
  Continue a stored game that did not end (its process was stopped or killed) from its event
  log, and play it to the end with a live transcript of the new turns.`;

export async function resume(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(
    z.object({
      'data-dir': z.string().min(1).optional(),
      json: z.boolean().optional(),
      spectator: z.boolean().optional(),
      help: z.boolean().optional(),
    }),
    values,
  );
  if (flags.help) {
    out.line(RESUME_HELP);
    return EXIT.ok;
  }
  const [gameId, ...extra] = positionals;
  if (!gameId || extra.length > 0) {
    throw usageError('resume takes exactly one argument: the game id');
  }
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  return withServices(settings, async (services) => {
    await loadGame(services.store, gameId);
    return playLive(services, gameId, out, { ...flags, replayStored: false });
  });
}
