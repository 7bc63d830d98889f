import { applyEvent, foldGame, type GameState } from '@arena/models';
import { loadGame } from '@arena/orchestration';
import { withServices } from '../context';
import { parseGameCommand } from '../game-command';
import { EXIT, type Output } from '../output';
import {
  renderEvent,
  renderSpeakingShare,
  renderStandings,
  speakingShareOf,
  standingsOf,
} from '../transcript';

export const SHOW_HELP = `arena show <game-id> [--json] [--spectator] [--data-dir <dir>]
  Print a stored game (its transcript, standings and speaking share) from the event store.
  --json prints a summary object with the state, standings and speaking share.`;

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
    const events = await services.store.load(gameId);
    // An unknown id has no events: loadGame reports it as bad input.
    const state = events.length > 0 ? foldGame(events) : await loadGame(services.store, gameId);
    const speaking = speakingShareOf(events, state);
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
        speaking,
        transcript: state.messages,
      });
      return EXIT.ok;
    }
    let view: GameState | undefined;
    for (const e of events) {
      view = applyEvent(view, e);
      for (const line of renderEvent(e, view, out, { spectator })) out.line(line);
    }
    if (state.status === 'running') {
      out.line('');
      out.line(out.paint('yellow', `This game has not ended (turn ${state.turn}).`));
      for (const line of renderStandings(standingsOf(state), null, out)) out.line(line);
      out.line('');
      for (const line of renderSpeakingShare(speaking, state, out)) out.line(line);
    }
    return EXIT.ok;
  });
}
