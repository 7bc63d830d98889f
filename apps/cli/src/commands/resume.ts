import { z } from 'zod';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom, withServices } from '../context';
import { playLive } from '../live-game';
import { EXIT, type Output } from '../output';
import { RUNNER_FLAGS, RunnerFlags, runnerTargetOf } from '../runner-flags';
import { commandOnRunner, gameIdArgument } from './stop';
import { followGame } from './watch';

export const RESUME_HELP = `arena resume <game-id> [--json] [--spectator] [--data-dir <dir>]
arena resume <game-id> --runner <url> [--token <token>] [--follow] [--json]
  Continue a stored game that did not end (its process was stopped or killed) from its event
  log, and play it to the end here with a live transcript of the new turns.
  With a runner (--runner or ARENA_RUNNER_URL) the runner resumes it instead
  (POST /games/:id/resume); --follow then prints its transcript until it ends. --local plays it
  in this process even when ARENA_RUNNER_URL is set.`;

const FLAGS = {
  ...RUNNER_FLAGS,
  local: { type: 'boolean' },
  follow: { type: 'boolean' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  spectator: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const ResumeFlags = RunnerFlags.extend({
  local: z.boolean().optional(),
  follow: z.boolean().optional(),
  'data-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
  spectator: z.boolean().optional(),
  help: z.boolean().optional(),
});

export async function resume(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(ResumeFlags, values);
  if (flags.help) {
    out.line(RESUME_HELP);
    return EXIT.ok;
  }
  const gameId = gameIdArgument('resume', positionals);
  const settings = settingsFrom(env, { dataDir: flags['data-dir'] });
  if (flags.local && (flags.runner || flags.token)) {
    throw usageError('--local plays the game here: it does not go with --runner or --token');
  }
  const target = flags.local ? null : runnerTargetOf(flags, settings);
  const json = flags.json ?? false;
  const spectator = flags.spectator ?? false;
  if (!target) {
    if (flags.follow)
      throw usageError(
        '--follow is only for a runner (--runner or ARENA_RUNNER_URL); here the game is followed anyway',
      );
    return withServices(settings, (services) =>
      playLive(services, gameId, out, { json, spectator, replayStored: false }),
    );
  }
  if (flags['data-dir']) {
    throw usageError('--data-dir is not used with a runner (--runner or ARENA_RUNNER_URL)');
  }
  const accepted = await commandOnRunner(target, gameId, 'resume');
  if (!flags.follow) {
    if (json) out.json({ via: 'runner', ...accepted });
    else
      out.line(
        `Resume of game ${gameId} accepted by ${target.url} (command ${accepted.command.id}).`,
      );
    return EXIT.ok;
  }
  if (!json) out.line(out.paint('dim', `Game ${gameId} resumed on ${target.url}.`));
  return followGame(target, gameId, out, { json, spectator });
}
