import { applyEvent, type GameState } from '@arena/models';
import { loadGame } from '@arena/orchestration';
import { withServices } from '../context';
import { parseGameCommand } from '../game-command';
import { EXIT, type Output } from '../output';
import { renderEvent, renderStandings, standingsOf } from '../transcript';

export const SHOW_HELP = `arena show <game-id> [--json] [--spectator] [--data-dir <dir>]
  Print a stored game (its transcript and standings) from the event store.
  --json prints a summary object with the state and standings.`;

export async function show(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const command = parseGameCommand('show', argv, env);
  if (!command) {
    out.line(SHOW_HELP);
    return EXIT.ok;
  }
  const { gameId, settings, json, spectator } = command;
  return withServices(settings, async (services) => {
    const state = await loadGame(services.store, gameId);
    if (json) {
      out.json({
        id: state.gameId,
        status: state.status,
        scenario: { id: state.spec.scenario.id, title: state.spec.scenario.title },
        seed: state.spec.seed,
        turn: state.turn,
        round: state.round,
        phase: state.phase,
        ended: state.ended,
        standings: standingsOf(state),
        transcript: state.messages,
      });
      return EXIT.ok;
    }
    let view: GameState | undefined;
    for (const e of await services.store.load(gameId)) {
      view = applyEvent(view, e);
      for (const line of renderEvent(e, view, out, { spectator })) out.line(line);
    }
    if (state.status === 'running') {
      out.line('');
      out.line(out.paint('yellow', `This game has not ended (turn ${state.turn}).`));
      for (const line of renderStandings(standingsOf(state), null, out)) out.line(line);
    }
    return EXIT.ok;
  });
}
