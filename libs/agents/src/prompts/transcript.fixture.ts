/** Games with long transcripts for prompt tests, built from events. */
import {
  DIMENSIONS,
  nextMessageId,
  type AccusationState,
  type Dimension,
  type GameSpec,
  type GameState,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import { startGame, type SimGame } from '../sim/sim-game.fixture';

/** Start a turn and give the floor to `playerId`. */
export function startTurn(game: SimGame, playerId: string): number {
  const turn = game.state.turn + 1;
  game.apply({ type: 'turn_started', payload: { turn, round: game.state.round } });
  game.apply({
    type: 'speaker_selected',
    payload: { turn, playerId, policy: 'round-robin', reasoning: 'next', candidates: [] },
  });
  return turn;
}

/** A whole turn with an accepted contribution; returns its message id. */
export function contribute(
  game: SimGame,
  playerId: string,
  text: string,
  cites: string[] = [],
): string {
  const turn = startTurn(game, playerId);
  const messageId = nextMessageId(game.state);
  game.apply({
    type: 'contribution_accepted',
    payload: { turn, playerId, attempt: 1, messageId, text, cites },
  });
  return messageId;
}

/** A contribution of about 220 characters, different every turn. */
export function turnText(turn: number): string {
  return `Turn ${turn}: I propose variant ${turn * 7} of the pier design, with a scour test at depth ${turn} metres, a drainage grating of ${turn % 9} slots, and a closure threshold tied to gauge reading ${turn * 3}.`;
}

/**
 * A game of `turns` round-robin contributions, each citing the message 15 places earlier, with a
 * rolling summary (of fixed size) covering all but the last `unsummarised` messages.
 */
export function longGame(
  turns: number,
  options: { spec?: GameSpec; unsummarised?: number } = {},
): GameState {
  const game = startGame({ ...(options.spec ?? testSpec()), maxTurns: turns + 10 });
  const seats = game.state.spec.seats;
  for (let t = 1; t <= turns; t++) {
    const speaker = seats[(t - 1) % seats.length]?.playerId ?? 'P1';
    contribute(game, speaker, turnText(t), t > 15 ? [`M${t - 15}`] : []);
  }
  const through = Math.max(0, game.state.messages.length - (options.unsummarised ?? 4));
  game.apply({
    type: 'summary_written',
    payload: {
      text: `So far (through M${through}): ${'Ana, Bo, Cy and Di proposed pier, deck and gauge variants. '.repeat(16)}`,
      through,
      model: 'sim',
    },
  });
  return game.state;
}

/** A turn in which `accuserId` files an accusation; returns it as folded. */
export function accuse(
  game: SimGame,
  accuserId: string,
  details: Pick<AccusationState, 'accusedId' | 'kind' | 'claim' | 'evidence' | 'confidence'>,
): AccusationState {
  const turn = startTurn(game, accuserId);
  const accusationId = `A${game.state.accusations.length + 1}`;
  game.apply({
    type: 'accusation_filed',
    payload: { turn, accusationId, accuserId, ...details, messageId: nextMessageId(game.state) },
  });
  const filed = game.state.accusations.at(-1);
  if (!filed) throw new Error('accusation not folded');
  return filed;
}

/** The judge's score for a contribution: `value` on every dimension, worth `points`. */
export function score(
  game: SimGame,
  playerId: string,
  messageId: string,
  value: number,
  points: number,
): void {
  const each = <T>(v: T) =>
    Object.fromEntries(DIMENSIONS.map((d) => [d, v])) as Record<Dimension, T>;
  game.apply({
    type: 'contribution_scored',
    payload: {
      turn: game.state.turn,
      playerId,
      messageId,
      phase: game.state.phase,
      scores: each(value),
      weights: game.state.spec.rules.weights[game.state.phase],
      points,
      rationales: each(`secret rationale for ${messageId}`),
      coverage: Object.fromEntries(
        game.state.spec.scenario.subProblems.map((sp) => [sp.id, value]),
      ),
      detectorHits: [],
      judge: 'sim',
    },
  });
}
