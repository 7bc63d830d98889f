import {
  DIMENSIONS,
  applyEvent,
  computeStandings,
  envelopeEvent,
  gameRng,
  messageById,
  playerById,
  standingOf,
  type EndReason,
  type EventType,
  type GameEvent,
  type GameState,
  type NewEvent,
  type PayloadOf,
  type Phase,
} from '@arena/models';
import {
  chooseElimination,
  isEliminationDue,
  phaseFor,
  signedWeights,
  speakingShare,
  survivorEnd,
  type ContributionScore,
  type VerdictDecision,
} from '@arena/scoring';
import { modelCallPayload, scoredPayload, type CallOutcome, type Panel } from './panel';
import type { RejudgeAnswers, ScoreAnswer } from './rejudge-answers';

/** How the counterfactual game ends. */
export interface CounterfactualEnding {
  /**
   * Why it ends; `record_ended` when the played record stops (the game ended for a reason that
   * no longer holds under the new judging) while the game would have gone on.
   */
  reason: EndReason | 'record_ended';
  detail: string;
  abortCause: 'operator_stop' | 'budget' | 'error' | null;
  /** The last survivor, else the active player with the best standing (provisional for `record_ended`). */
  winnerId: string | null;
  /** The last turn the counterfactual game reached. */
  turn: number;
}

/** The game as it would have gone under the new judging, as a log folded by the real reducer. */
export interface CounterfactualLog {
  /** A complete log (it ends with `game_ended` unless the ending is `record_ended`). */
  events: GameEvent[];
  /** The fold of `events`. */
  state: GameState;
  ending: CounterfactualEnding;
  /** The re-scored payload of every recorded score, by message id (counted or not). */
  rescored: Map<string, PayloadOf<'contribution_scored'>>;
}

type Ending = Omit<CounterfactualEnding, 'winnerId' | 'turn'>;

/** Events before which a game checks whether one player or none is left (a turn boundary). */
const BOUNDARIES: ReadonlySet<EventType> = new Set([
  'problem_checked',
  'phase_changed',
  'turn_started',
  'game_ended',
]);

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The deterministic score weighed for another phase: scores stay, weights and points follow the
 * phase the counterfactual game is in (eliminations move phases).
 */
function inPhase(score: ContributionScore, phase: Phase, state: GameState): ContributionScore {
  if (score.phase === phase) return score;
  const weights = signedWeights(state.spec.rules, phase, state.spec.mode);
  const points = round4(DIMENSIONS.reduce((sum, d) => sum + weights[d] * score.scores[d], 0));
  return { ...score, phase, weights, points };
}

/** The re-scored payload of one contribution, weighed in `phase`. */
export function rescoredPayload(
  answer: ScoreAnswer,
  panel: Panel,
  phase: Phase,
  state: GameState,
): PayloadOf<'contribution_scored'> {
  return scoredPayload(
    answer.contribution,
    inPhase(answer.deterministic, phase, state),
    answer.outcomes,
    panel.specs,
    answer.speakerModel,
  );
}

/** Whether one player or none is left, by the same rule as the engine's end checks. */
function survivorEnding(state: GameState): Ending | null {
  const end = survivorEnd(state);
  return end ? { ...end, abortCause: null } : null;
}

function provenReasoning(
  state: GameState,
  accusedId: string,
  accusationMessageId: string,
  decision: VerdictDecision,
): string {
  const accused = playerById(state, accusedId);
  return `${accused?.name ?? accusedId} (${accusedId}) is eliminated at once: the accusation in ${accusationMessageId} was proven. ${decision.reasoning}`;
}

/**
 * Replays a finished game's log with the new panel's answers in place of the old judge's and
 * folds it with the real reducer. What is kept, dropped and added:
 *
 * - every score, verdict and "solved?" ruling is replaced by the new answer, at the position the
 *   old one was recorded; the old judge's model calls are replaced by the new ones;
 * - a proven verdict eliminates the accused at once; an elimination the old verdict caused is
 *   dropped when the new one is not proven (with its final words and narration);
 * - at every recorded round check the rules choose again on the counterfactual standings (same
 *   seeded draw for ties); the recorded elimination is kept when it names the same player;
 * - a player eliminated earlier than in the record takes no further part: its turns are void
 *   (the turn still counts towards max turns), and an accusation against it becomes a forfeit,
 *   as the engine would have ruled it; a player who survives longer than in the record takes no
 *   turns after its recorded elimination (nobody knows what it would have said);
 * - phases are derived again from the counterfactual game (they set the weights);
 * - the game ends when the new panel rules the problem solved, when one player or none is left,
 *   or when the record ends (max turns or an abort keep their reason; any other reason that no
 *   longer holds gives `record_ended`);
 * - a champion's memory change is kept while its outcome still holds (its winner still leads,
 *   its beaten champion still does not); no memory is distilled anew.
 */
export function buildCounterfactualLog(
  events: readonly GameEvent[],
  answers: RejudgeAnswers,
  panel: Panel,
): CounterfactualLog {
  return new CounterfactualBuilder(events, answers, panel).build();
}

class CounterfactualBuilder {
  private state: GameState;
  private readonly out: GameEvent[] = [];
  /** Original event id → counterfactual event id, for the events kept or replaced. */
  private readonly ids = new Map<string, string>();
  /** Original events left out; whatever they caused is left out too. */
  private readonly dropped = new Set<string>();
  private readonly droppedAccusations = new Set<string>();
  /** Original verdicts whose new ruling is `proven`, with the accusation's message and the ruling. */
  private readonly proven = new Map<
    string,
    { accusationMessageId: string; decision: VerdictDecision }
  >();
  /** The new panel's ruling when it finds the problem solved at a check where the record did too. */
  private solvedRuling: string | null = null;
  /** Original lowest-standing eliminations kept, with their payload on the new standings. */
  private readonly keptEliminations = new Map<string, PayloadOf<'player_eliminated'>>();
  /** Original lowest-standing elimination caused by each round check. */
  private readonly eliminationOf = new Map<
    string,
    Extract<GameEvent, { type: 'player_eliminated' }>
  >();
  private readonly scoredEventOf = new Map<string, string>();
  private readonly phaseAtAcceptance = new Map<string, Phase>();
  /** The counterfactual id of each contribution's acceptance (what its score is caused by). */
  private readonly acceptedAs = new Map<string, string>();
  private readonly rescored = new Map<string, PayloadOf<'contribution_scored'>>();
  private phaseCheckedFor = -1;
  private survivorCheck = false;
  private nextMessage: number;
  private ending: Ending | null = null;

  constructor(
    private readonly events: readonly GameEvent[],
    private readonly answers: RejudgeAnswers,
    private readonly panel: Panel,
  ) {
    const created = events[0];
    if (created?.type !== 'game_created') throw new Error('a game log starts with game_created');
    const spec = {
      ...created.payload.spec,
      officials: { ...created.payload.spec.officials, judge: [...panel.specs] },
    };
    const first = { ...created, payload: { spec } };
    this.state = applyEvent(undefined, first);
    this.out.push(first);
    this.ids.set(created.id, created.id);
    let highest = 0;
    for (const e of events) {
      if ('messageId' in e.payload && typeof e.payload.messageId === 'string') {
        highest = Math.max(highest, Number(e.payload.messageId.slice(1)) || 0);
      }
      if (e.type === 'contribution_scored') this.scoredEventOf.set(e.payload.messageId, e.id);
      if (
        e.type === 'player_eliminated' &&
        e.payload.cause === 'lowest_standing' &&
        e.causationId
      ) {
        this.eliminationOf.set(e.causationId, e);
      }
    }
    this.nextMessage = highest + 1;
  }

  build(): CounterfactualLog {
    for (const e of this.events.slice(1)) {
      if (this.ending) break;
      this.step(e);
    }
    // Contributions that do not count are still re-scored (in the phase they were played in), so
    // the two judges are compared on the same material.
    for (const answer of this.answers.scores.values()) {
      const { messageId } = answer.contribution;
      if (!this.rescored.has(messageId)) {
        const phase = answer.deterministic.phase;
        this.rescored.set(messageId, rescoredPayload(answer, this.panel, phase, this.state));
      }
    }
    const ending = this.ending ?? {
      reason: 'record_ended',
      detail: 'the record has no end',
      abortCause: null,
    };
    const standings = this.state.ended?.standings ?? computeStandings(this.state);
    return {
      events: this.out,
      state: this.state,
      ending: {
        ...ending,
        winnerId: standings.find((s) => s.status === 'active')?.playerId ?? null,
        turn: this.state.turn,
      },
      rescored: this.rescored,
    };
  }

  // ---- emitting -------------------------------------------------------------------------------

  private emit<T extends NewEvent['type']>(
    type: T,
    payload: PayloadOf<T>,
    at: GameEvent,
    causationId: string | null,
  ): GameEvent {
    const event = envelopeEvent(this.state.gameId, this.state.lastSeq + 1, Date.parse(at.ts), {
      type,
      payload,
      causationId,
    } as NewEvent);
    this.state = applyEvent(this.state, event);
    this.out.push(event);
    return event;
  }

  /** The counterfactual id of what caused `e`. */
  private cause(e: GameEvent): string | null {
    return e.causationId ? (this.ids.get(e.causationId) ?? null) : null;
  }

  /** Keep `e` (with another payload when given). */
  private keep<T extends NewEvent['type']>(
    e: Extract<GameEvent, { type: T }>,
    payload?: PayloadOf<T>,
  ): GameEvent {
    const kept = this.emit(e.type as T, payload ?? (e.payload as PayloadOf<T>), e, this.cause(e));
    this.ids.set(e.id, kept.id);
    return kept;
  }

  private drop(e: GameEvent): void {
    this.dropped.add(e.id);
  }

  private eliminated(playerId: string | null): boolean {
    return playerId !== null && playerById(this.state, playerId)?.status === 'eliminated';
  }

  private newMessageId(): string {
    const id = `M${this.nextMessage}`;
    this.nextMessage += 1;
    return id;
  }

  /** The new panel's model calls and failures for one answer, as the engine records them. */
  private recordOutcomes(
    outcomes: readonly (CallOutcome<unknown> | null)[],
    purpose: string,
    at: GameEvent,
    cause: string | null,
  ): void {
    for (const o of outcomes) {
      if (!o) continue;
      for (const call of o.calls) {
        this.emit('model_call', modelCallPayload('judge', null, call), at, cause);
      }
      if (o.failure) {
        this.emit(
          'call_failed',
          {
            role: 'judge',
            playerId: null,
            purpose,
            model: o.spec,
            reason: o.failure.reason,
            detail: o.failure.detail,
            ...(o.failure.raw !== null ? { raw: o.failure.raw } : {}),
          },
          at,
          cause,
        );
      }
    }
  }

  // ---- the walk -------------------------------------------------------------------------------

  private outOfGame(call: { role: string; playerId: string | null; purpose: string }): boolean {
    return (
      (call.role === 'player' || call.role === 'policy') &&
      call.purpose !== 'final_words' &&
      this.eliminated(call.playerId)
    );
  }

  private step(e: GameEvent): void {
    if (this.survivorCheck && BOUNDARIES.has(e.type)) {
      this.survivorCheck = false;
      const end = survivorEnding(this.state);
      if (end) {
        this.finish(end, e);
        return;
      }
    }
    if (e.causationId && this.dropped.has(e.causationId)) {
      this.drop(e);
      return;
    }
    switch (e.type) {
      case 'phase_changed':
        this.checkPhase(e.payload.turn, e);
        this.drop(e);
        return;
      case 'turn_started':
        this.checkPhase(e.payload.turn, e);
        this.keep(e);
        return;
      case 'speaker_selected':
      case 'contribution_proposed':
      case 'contribution_rejected':
      case 'turn_forfeited':
      case 'ground_truth':
        if (this.eliminated(e.payload.playerId)) this.drop(e);
        else this.keep(e);
        return;
      case 'contribution_accepted':
        if (this.eliminated(e.payload.playerId)) {
          this.drop(e);
          return;
        }
        this.phaseAtAcceptance.set(e.payload.messageId, this.state.phase);
        this.acceptedAs.set(e.payload.messageId, this.keep(e).id);
        return;
      case 'contribution_scored':
        this.score(e);
        return;
      case 'accusation_filed':
        this.accusation(e);
        return;
      case 'evidence_checked':
      case 'defence_given':
        if (this.droppedAccusations.has(e.payload.accusationId)) this.drop(e);
        else this.keep(e);
        return;
      case 'verdict_reached':
        this.verdict(e);
        return;
      case 'player_eliminated':
        this.elimination(e);
        return;
      case 'problem_checked':
        this.roundCheck(e);
        return;
      case 'model_call':
      case 'call_failed':
        // The old judge's calls give way to the new one's; a player out of the game makes no
        // calls (but the final words that follow its elimination).
        if (e.payload.role === 'judge' || this.outOfGame(e.payload)) this.drop(e);
        else this.keep(e);
        return;
      case 'champion_memory_updated':
        if (this.outcomeHolds(e.payload)) this.keep(e);
        else this.drop(e);
        return;
      case 'game_ended':
        this.end(e);
        return;
      default:
        this.keep(e);
    }
  }

  /** Whether a recorded memory change's outcome is the counterfactual game's too. */
  private outcomeHolds(p: PayloadOf<'champion_memory_updated'>): boolean {
    const leader = computeStandings(this.state).find((s) => s.status === 'active')?.playerId;
    return (leader === p.playerId) === (p.outcome === 'won');
  }

  /** The phase is derived from the counterfactual game as each turn starts. */
  private checkPhase(turn: number, at: GameEvent): void {
    if (this.phaseCheckedFor === turn) return;
    this.phaseCheckedFor = turn;
    const phase = phaseFor(this.state);
    if (phase !== this.state.phase) {
      this.emit('phase_changed', { turn, from: this.state.phase, to: phase }, at, null);
    }
  }

  private score(e: Extract<GameEvent, { type: 'contribution_scored' }>): void {
    const messageId = e.payload.messageId;
    const answer = this.answers.scores.get(e.id);
    if (!answer) throw new Error(`no new score for ${messageId}`);
    if (!messageById(this.state, messageId)) {
      this.drop(e);
      return;
    }
    this.emitScore(answer, e);
  }

  private emitScore(answer: ScoreAnswer, at: GameEvent): void {
    const messageId = answer.contribution.messageId;
    const cause = this.acceptedAs.get(messageId) ?? null;
    const phase = this.phaseAtAcceptance.get(messageId) ?? this.state.phase;
    const payload = rescoredPayload(answer, this.panel, phase, this.state);
    this.rescored.set(messageId, payload);
    this.recordOutcomes(answer.outcomes, 'score', at, cause);
    const scored = this.emit('contribution_scored', payload, at, cause);
    const original = this.scoredEventOf.get(messageId);
    if (original) this.ids.set(original, scored.id);
  }

  private accusation(e: Extract<GameEvent, { type: 'accusation_filed' }>): void {
    const { accuserId, accusedId, accusationId, turn } = e.payload;
    if (this.eliminated(accuserId)) {
      this.drop(e);
      this.droppedAccusations.add(accusationId);
      return;
    }
    if (this.eliminated(accusedId)) {
      const accused = playerById(this.state, accusedId);
      this.emit(
        'turn_forfeited',
        {
          turn,
          playerId: accuserId,
          reason: 'invalid_output',
          detail: `${accused?.name ?? accusedId} (${accusedId}) is already eliminated`,
        },
        e,
        null,
      );
      this.drop(e);
      this.droppedAccusations.add(accusationId);
      return;
    }
    this.keep(e);
  }

  private verdict(e: Extract<GameEvent, { type: 'verdict_reached' }>): void {
    if (this.droppedAccusations.has(e.payload.accusationId)) {
      this.drop(e);
      return;
    }
    const answer = this.answers.verdicts.get(e.id);
    const accusation = this.state.accusations.find((a) => a.id === e.payload.accusationId);
    if (!answer || !accusation) throw new Error(`no new verdict for ${e.payload.accusationId}`);
    this.recordOutcomes(answer.outcomes, 'verdict', e, this.state.lastEventId);
    const { decision } = answer;
    const ruled = this.keep(e, {
      accusationId: accusation.id,
      verdict: decision.verdict,
      confidence: decision.confidence,
      reasoning: decision.reasoning,
      accuserPenaltyFactor: decision.accuserPenaltyFactor,
      messageId: e.payload.messageId,
    });
    if (decision.verdict !== 'proven') return;
    this.proven.set(e.id, { accusationMessageId: accusation.messageId, decision });
    if (e.payload.verdict === 'proven') return;
    // Proven only under the new judging: the accused leaves at once (without final words,
    // which were never spoken).
    const accused = playerById(this.state, accusation.accusedId);
    this.emit(
      'player_eliminated',
      {
        playerId: accusation.accusedId,
        turn: this.state.turn,
        round: this.state.round,
        cause: 'proven_accusation',
        reasoning: provenReasoning(
          this.state,
          accusation.accusedId,
          accusation.messageId,
          decision,
        ),
        standing: accused ? standingOf(accused) : 0,
        messageId: this.newMessageId(),
      },
      e,
      ruled.id,
    );
    this.survivorCheck = true;
  }

  private elimination(e: Extract<GameEvent, { type: 'player_eliminated' }>): void {
    if (this.eliminated(e.payload.playerId)) {
      this.drop(e);
      return;
    }
    if (e.payload.cause === 'proven_accusation') {
      const ruling = this.proven.get(e.causationId ?? '');
      if (!ruling) {
        this.drop(e);
        return;
      }
      const player = playerById(this.state, e.payload.playerId);
      this.keep(e, {
        ...e.payload,
        reasoning: provenReasoning(
          this.state,
          e.payload.playerId,
          ruling.accusationMessageId,
          ruling.decision,
        ),
        standing: player ? standingOf(player) : 0,
      });
      this.survivorCheck = true;
      return;
    }
    const payload = this.keptEliminations.get(e.id);
    if (!payload) {
      this.drop(e);
      return;
    }
    this.keep(e, payload);
    this.survivorCheck = true;
  }

  /** A recorded round check: the new "solved?" ruling, then the elimination the rules call for. */
  private roundCheck(e: Extract<GameEvent, { type: 'problem_checked' }>): void {
    const answer = this.answers.solved.get(e.id);
    if (!answer) throw new Error(`no new solved check for round ${e.payload.round}`);
    this.recordOutcomes(answer.outcomes, 'solved', e, this.state.lastEventId);
    const { decision } = answer;
    const checked = this.keep(e, {
      round: e.payload.round,
      solved: decision.solved,
      coverage: decision.coverage,
      reasoning: decision.reasoning,
    });
    if (decision.solved && e.payload.solved) {
      // Solved in the record too: the record goes on to its end (closing narration included).
      this.solvedRuling = decision.reasoning;
      return;
    }
    if (decision.solved) {
      this.emit('round_ended', { round: e.payload.round, turn: this.state.turn }, e, checked.id);
      this.finish({ reason: 'solved', detail: decision.reasoning, abortCause: null }, e);
      return;
    }
    const recorded = this.eliminationOf.get(e.id);
    const choice = isEliminationDue(this.state)
      ? chooseElimination(
          this.state,
          gameRng(this.state.spec.seed, `round:${this.state.round}:elimination`),
        )
      : null;
    if (!choice) return;
    const payload: PayloadOf<'player_eliminated'> = {
      playerId: choice.playerId,
      turn: this.state.turn,
      round: this.state.round,
      cause: 'lowest_standing',
      reasoning: choice.reasoning,
      standing: choice.standing,
      messageId: recorded?.payload.messageId ?? '',
    };
    if (recorded && recorded.payload.playerId === choice.playerId) {
      this.keptEliminations.set(recorded.id, payload);
      return;
    }
    this.emit('player_eliminated', { ...payload, messageId: this.newMessageId() }, e, checked.id);
    this.survivorCheck = true;
  }

  /** The record's end: its reason holds for max turns and aborts, otherwise the game would go on. */
  private end(e: Extract<GameEvent, { type: 'game_ended' }>): void {
    const { reason, detail, abortCause } = e.payload;
    if (reason === 'max_turns' || reason === 'aborted') {
      this.finish({ reason, detail, abortCause }, e);
      return;
    }
    if (reason === 'solved' && this.solvedRuling !== null) {
      this.finish({ reason, detail: this.solvedRuling, abortCause: null }, e);
      return;
    }
    this.settleScores(e);
    this.ending = {
      reason: 'record_ended',
      detail: `the record ends at turn ${this.state.turn} (it ended with ${reason.replace(/_/g, ' ')}, which no longer holds); the game would have gone on`,
      abortCause: null,
    };
  }

  /** Scores the record holds for contributions still unscored (the engine settles them at the end). */
  private settleScores(at: GameEvent): void {
    for (const messageId of this.state.unscored) {
      const eventId = this.scoredEventOf.get(messageId);
      const answer = eventId ? this.answers.scores.get(eventId) : undefined;
      if (answer) this.emitScore(answer, at);
    }
  }

  private finish(end: Ending, at: GameEvent): void {
    this.settleScores(at);
    const standings = computeStandings(this.state);
    this.emit(
      'game_ended',
      {
        reason: end.reason as EndReason,
        detail: end.detail,
        abortCause: end.abortCause,
        winnerId: standings.find((s) => s.status === 'active')?.playerId ?? null,
        standings,
        speaking: speakingShare(this.state),
      },
      at,
      null,
    );
    this.ending = end;
  }
}
