import {
  computeStandings,
  type GameEnd,
  type GameState,
  type Phase,
  type SpeakingShare,
  type Standing,
} from '@arena/models';
import { speakingShare } from '@arena/scoring';

/** One seat as shown over HTTP: who plays it and how far it got, without points. */
export interface SeatView {
  id: string;
  name: string;
  characterId: string;
  model: string;
  status: 'active' | 'eliminated';
  turns: number;
}

/** What `GET /games/:id` answers. */
export interface GameView {
  id: string;
  status: 'running' | 'ended';
  scenario: { id: string; title: string };
  turn: number;
  round: number;
  phase: Phase;
  players: SeatView[];
  /** Final standings; null while the game runs, because players never see scores. */
  standings: Standing[] | null;
  ended: GameEnd | null;
  /**
   * How the floor has been shared so far: turns, share and ratio to an equal share per player,
   * and the Gini coefficient of turns. Turns are public, so this shows while the game runs; once
   * it has ended it is what `game_ended.speaking` recorded.
   */
  speaking: SpeakingShare;
}

/** The public view of a game: points appear only once the game has ended. */
export function gameView(state: GameState): GameView {
  return {
    id: state.gameId,
    status: state.status,
    scenario: { id: state.spec.scenario.id, title: state.spec.scenario.title },
    turn: state.turn,
    round: state.round,
    phase: state.phase,
    players: state.players.map((p) => ({
      id: p.id,
      name: p.name,
      characterId: p.characterId,
      model: p.model,
      status: p.status,
      turns: p.turns,
    })),
    standings: state.status === 'ended' ? computeStandings(state) : null,
    ended: state.ended,
    speaking: speakingShare(state),
  };
}
