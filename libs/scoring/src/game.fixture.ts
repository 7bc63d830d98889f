import {
  foldGame,
  type AccusationKind,
  type Evidence,
  type GameSpec,
  type GameState,
  type NewEvent,
} from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';

/** A game written event by event, for tests; every call appends real events to the log. */
export interface GameScript {
  /** Start a turn in which `playerId` has the floor; returns the turn number. */
  startTurn(playerId: string): number;
  /** A new turn with an accepted contribution; returns its message id. */
  contribute(playerId: string, text: string, cites?: string[]): string;
  score(
    playerId: string,
    messageId: string,
    points: number,
    coverage?: Record<string, number>,
  ): void;
  /** A new turn that `playerId` forfeits. */
  forfeit(playerId: string): void;
  /** A new turn in which the accuser files an accusation; returns its ids. */
  accuse(input: {
    accuserId: string;
    accusedId: string;
    kind: AccusationKind;
    claim?: string;
    evidence: Evidence[];
  }): { accusationId: string; messageId: string };
  defend(accusationId: string, playerId: string, text: string): string;
  eliminate(playerId: string): string;
  endRound(): void;
  state(): GameState;
}

export function scriptGame(spec: GameSpec = testSpec()): GameScript {
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec } }];
  let turn = 0;
  let round = 1;
  let messages = 0;
  let accusations = 0;
  const nextMessage = () => `M${++messages}`;
  const script: GameScript = {
    startTurn(playerId) {
      turn++;
      events.push({ type: 'turn_started', payload: { turn, round } });
      events.push({
        type: 'speaker_selected',
        payload: { turn, playerId, policy: 'script', reasoning: 'scripted', candidates: [] },
      });
      return turn;
    },
    contribute(playerId, text, cites = []) {
      script.startTurn(playerId);
      const messageId = nextMessage();
      events.push({
        type: 'contribution_accepted',
        payload: { turn, playerId, attempt: 1, messageId, text, cites },
      });
      return messageId;
    },
    score(playerId, messageId, points, coverage = {}) {
      const zero = {
        novelty: 0,
        builds_on_others: 0,
        solves_subproblem: 0,
        radical_idea: 0,
        manipulation: 0,
      };
      const words = {
        novelty: '',
        builds_on_others: '',
        solves_subproblem: '',
        radical_idea: '',
        manipulation: '',
      };
      events.push({
        type: 'contribution_scored',
        payload: {
          turn,
          playerId,
          messageId,
          phase: 'mid',
          scores: zero,
          weights: zero,
          points,
          rationales: words,
          coverage,
          detectorHits: [],
          judge: 'script',
        },
      });
    },
    forfeit(playerId) {
      script.startTurn(playerId);
      events.push({
        type: 'turn_forfeited',
        payload: { turn, playerId, reason: 'gate', detail: 'scripted' },
      });
    },
    accuse({ accuserId, accusedId, kind, claim = 'Scripted claim.', evidence }) {
      script.startTurn(accuserId);
      const accusationId = `A${++accusations}`;
      const messageId = nextMessage();
      events.push({
        type: 'accusation_filed',
        payload: {
          turn,
          accusationId,
          accuserId,
          accusedId,
          kind,
          claim,
          evidence,
          confidence: 0.8,
          messageId,
        },
      });
      return { accusationId, messageId };
    },
    defend(accusationId, playerId, text) {
      const messageId = nextMessage();
      events.push({ type: 'defence_given', payload: { accusationId, playerId, text, messageId } });
      return messageId;
    },
    eliminate(playerId) {
      const messageId = nextMessage();
      events.push({
        type: 'player_eliminated',
        payload: {
          playerId,
          turn,
          round,
          cause: 'lowest_standing',
          reasoning: 'scripted',
          standing: 0,
          messageId,
        },
      });
      return messageId;
    },
    endRound() {
      events.push({ type: 'round_ended', payload: { round, turn } });
      round++;
    },
    state: () => foldGame(buildLog('g-test', events)),
  };
  return script;
}
