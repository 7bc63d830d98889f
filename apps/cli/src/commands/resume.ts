import { withServices } from '../context';
import { parseGameCommand } from '../game-command';
import { playLive } from '../live-game';
import { EXIT, type Output } from '../output';

export const RESUME_HELP = `arena resume <game-id> [--json] [--spectator] [--data-dir <dir>]
  Continue a stored game that did not end (its process was stopped or killed) from its event
  log, and play it to the end with a live transcript of the new turns.`;

export async function resume(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const command = parseGameCommand('resume', argv, env);
  if (!command) {
    out.line(RESUME_HELP);
    return EXIT.ok;
  }
  const { gameId, settings, json, spectator } = command;
  return withServices(settings, (services) =>
    playLive(services, gameId, out, { json, spectator, replayStored: false }),
  );
}
