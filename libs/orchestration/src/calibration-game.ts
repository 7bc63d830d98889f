import type { CallerRole, ModelCallRecord } from '@arena/agents';
import {
  applyEvent,
  envelopeEvent,
  messageById,
  nextMessageId,
  type CalibrationMessage,
  type Clock,
  type GameEvent,
  type GameSpec,
  type GameState,
  type NewEvent,
  type PayloadOf,
} from '@arena/models';
import {
  indexFromState,
  phaseFor,
  scoreContribution,
  type ContributionScore,
  type SimilarityIndex,
} from '@arena/scoring';
import type { CallOutcome } from './panel';
import { modelCallPayload, scoredPayload } from './panel';

/**
 * A game rebuilt from a calibration entry, one real event at a time: every event is folded into
 * the state exactly as a game's log would be, so the judges see what they would see in a game.
 */
export class CalibrationGame {
  private current: GameState;
  readonly events: GameEvent[] = [];
  /** The similarity index over accepted contributions, as a game keeps it. */
  readonly index: SimilarityIndex;

  constructor(
    spec: GameSpec,
    gameId: string,
    private readonly clock: Clock,
  ) {
    const created = envelopeEvent(gameId, 0, clock.now(), {
      type: 'game_created',
      payload: { spec },
    });
    this.current = applyEvent(undefined, created);
    this.events.push(created);
    this.index = indexFromState(this.current);
  }

  get state(): GameState {
    return this.current;
  }

  emit<T extends NewEvent['type']>(
    type: T,
    payload: PayloadOf<T>,
    causationId: string | null = null,
  ): GameEvent {
    const event = envelopeEvent(this.current.gameId, this.current.lastSeq + 1, this.clock.now(), {
      type,
      payload,
      causationId,
    } as NewEvent);
    this.current = applyEvent(this.current, event);
    this.events.push(event);
    return event;
  }

  /** Start the next turn with `playerId` on the floor (and the phase change a game would record). */
  startTurn(playerId: string): number {
    const turn = this.current.turn + 1;
    const phase = phaseFor(this.current);
    if (phase !== this.current.phase) {
      this.emit('phase_changed', { turn, from: this.current.phase, to: phase });
    }
    const started = this.emit('turn_started', { turn, round: this.current.round });
    this.emit(
      'speaker_selected',
      {
        turn,
        playerId,
        policy: this.current.spec.policy,
        reasoning: `${playerId} speaks next in the recorded conversation.`,
        candidates: [{ playerId, weight: 1 }],
      },
      started.id,
    );
    return turn;
  }

  /** Propose and accept a contribution in the current turn; returns its message id. */
  accept(message: CalibrationMessage): string {
    const turn = this.current.turn;
    const proposed = this.emit('contribution_proposed', {
      turn,
      playerId: message.speaker,
      attempt: 1,
      text: message.text,
      cites: message.cites,
    });
    const messageId = nextMessageId(this.current);
    this.emit(
      'contribution_accepted',
      {
        turn,
        playerId: message.speaker,
        attempt: 1,
        messageId,
        text: message.text,
        cites: message.cites,
      },
      proposed.id,
    );
    return messageId;
  }

  /**
   * The deterministic judge's score of an accepted contribution, read from the index as it is at
   * acceptance; the contribution then joins the index, as in a game.
   */
  scoreDeterministic(messageId: string): ContributionScore {
    const accepted = messageById(this.current, messageId);
    if (!accepted?.speakerId) throw new Error(`no accepted contribution ${messageId}`);
    const score = scoreContribution({
      state: this.current,
      contribution: {
        messageId,
        playerId: accepted.speakerId,
        text: accepted.text,
        cites: accepted.cites,
      },
      index: this.index,
    });
    if (!this.index.has(messageId)) {
      this.index.add({ messageId, speakerId: accepted.speakerId, text: accepted.text });
    }
    return score;
  }

  /** Replay one context message as a whole turn: selected, accepted, scored by the signals. */
  replay(message: CalibrationMessage): void {
    this.startTurn(message.speaker);
    const messageId = this.accept(message);
    const cause = this.current.lastEventId;
    const score = this.scoreDeterministic(messageId);
    this.emit(
      'contribution_scored',
      scoredPayload(
        { messageId, playerId: message.speaker, turn: this.current.turn },
        score,
        [],
        [],
      ),
      cause,
    );
  }

  /** Record a role's model calls and, when it had no answer, its failure. */
  recordOutcome<T>(role: CallerRole, purpose: string, outcome: CallOutcome<T>): void {
    const cause = this.current.lastEventId;
    for (const call of outcome.calls) this.recordCall(role, call, cause);
    if (outcome.failure) {
      this.emit(
        'call_failed',
        {
          role,
          playerId: null,
          purpose,
          model: outcome.spec,
          reason: outcome.failure.reason,
          detail: outcome.failure.detail,
          ...(outcome.failure.raw !== null ? { raw: outcome.failure.raw } : {}),
        },
        cause,
      );
    }
  }

  private recordCall(role: CallerRole, call: ModelCallRecord, cause: string): void {
    this.emit('model_call', modelCallPayload(role, null, call), cause);
  }
}
