import { createSimPlayer, type PlayerAction, type PlayerAgent } from '@arena/agents';
import {
  applyEvent,
  envelopeEvent,
  gameRng,
  nextMessageId,
  playerView,
  steppingClock,
  type Clock,
  type GameSpec,
  type GameState,
  type NewEvent,
  type PayloadOf,
} from '@arena/models';
import {
  checkContribution,
  detectManipulation,
  indexFromState,
  phaseFor,
  scoreContribution,
  type GateDecision,
  type SimilarityIndex,
} from '@arena/scoring';

/**
 * The steps of the gate and novelty work whose cost the benchmark measures, and `detectors`:
 * the manipulation detectors `scoreContribution` runs, timed once more on their own to show
 * their share of the score (not counted in the totals).
 */
export type GateStep = 'gate' | 'score' | 'add' | 'detectors';

/** Receives each step's duration; building a game passes none. */
export type StepTimer = <T>(step: GateStep, fn: () => T) => T;

const untimed: StepTimer = (_step, fn) => fn();

/** How many recent messages the simulated players read when they compose. */
const READ_WINDOW = 40;

/** Draws before a turn without a contribution (the sim accused instead) is skipped. */
const MAX_DRAWS = 4;

/** What happened to one proposal at the gate. */
export interface ProposalOutcome {
  accepted: boolean;
  reason: 'accepted' | 'repeat' | 'too_short';
}

/**
 * A game reduced to what the anti-repetition gate and the deterministic judge see: the folded
 * state and the similarity index, grown one turn at a time with the engine's own functions
 * (`checkContribution`, `scoreContribution`, `SimilarityIndex.add`) and events folded with
 * `applyEvent`. Proposals come from the built-in simulated player, which reads only the last
 * {@link READ_WINDOW} messages so that composing stays cheap in a game of thousands of turns;
 * the gate and the judge always see the whole game.
 */
export class GateGame {
  private readonly player: PlayerAgent = createSimPlayer();

  private constructor(
    public state: GameState,
    public index: SimilarityIndex,
    private readonly clock: Clock,
    /** Varies the players' draws between runs that start from the same state. */
    private readonly salt: string,
  ) {}

  /** A new game of `spec` with nothing said yet. */
  static create(spec: GameSpec, gameId: string): GateGame {
    const clock = steppingClock();
    const created = envelopeEvent(gameId, 0, clock.now(), {
      type: 'game_created',
      payload: { spec },
    });
    const state = applyEvent(undefined, created);
    return new GateGame(state, indexFromState(state), clock, '');
  }

  /**
   * Continue from `state` (immutable, so several runs can share it) with a freshly built index;
   * `salt` gives each run its own proposals.
   */
  static resume(state: GameState, salt: string): GateGame {
    return new GateGame(
      state,
      indexFromState(state),
      steppingClock(Date.parse(state.updatedAt) + 1),
      salt,
    );
  }

  /** Accepted contributions so far. */
  get contributions(): number {
    return this.index.size;
  }

  private emit<T extends NewEvent['type']>(type: T, payload: PayloadOf<T>): void {
    const event = envelopeEvent(this.state.gameId, this.state.lastSeq + 1, this.clock.now(), {
      type,
      payload,
      causationId: null,
    } as NewEvent);
    this.state = applyEvent(this.state, event);
  }

  private speakerOf(turn: number): string {
    const seats = this.state.spec.seats;
    return (seats[(turn - 1) % seats.length] as GameSpec['seats'][number]).playerId;
  }

  /** The simulated player's proposal for this attempt, or null when it keeps accusing. */
  private async propose(
    playerId: string,
    attempt: number,
    feedback: string[],
  ): Promise<Extract<PlayerAction, { action: 'contribute' }> | null> {
    const view = playerView(this.state, playerId);
    const recent = { ...view, messages: view.messages.slice(-READ_WINDOW) };
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const reply = await this.player.act({
        state: recent,
        playerId,
        attempt,
        feedback,
        rng: gameRng(
          this.state.spec.seed,
          `${this.salt}turn:${this.state.turn}:act:${attempt}:${draw}`,
        ),
      });
      if (reply.value.action === 'contribute') return reply.value;
    }
    return null;
  }

  /**
   * Play one turn: a proposal, the gate, the simulated player's retries with the gate's
   * feedback (at most `rules.gate.maxRetries`), and for an accepted contribution the
   * deterministic score and the index update. `onProposal` hears every proposal's outcome.
   */
  async playTurn(
    time: StepTimer = untimed,
    onProposal: (outcome: ProposalOutcome) => void = () => undefined,
  ): Promise<void> {
    const turn = this.state.turn + 1;
    const seats = this.state.spec.seats.length;
    const phase = phaseFor(this.state);
    if (phase !== this.state.phase) {
      this.emit('phase_changed', { turn, from: this.state.phase, to: phase });
    }
    this.emit('turn_started', { turn, round: this.state.round });
    const playerId = this.speakerOf(turn);
    this.emit('speaker_selected', {
      turn,
      playerId,
      policy: 'round-robin',
      reasoning: 'next seat in order',
      candidates: [{ playerId, weight: 1 }],
    });
    const maxAttempts = this.state.spec.rules.gate.maxRetries + 1;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const action = await this.propose(playerId, attempt, this.state.current?.feedback ?? []);
      if (!action) break;
      this.emit('contribution_proposed', {
        turn,
        playerId,
        attempt,
        text: action.text,
        cites: action.cites,
      });
      const decision: GateDecision = time('gate', () =>
        checkContribution({
          text: action.text,
          speakerId: playerId,
          state: this.state,
          index: this.index,
          rules: this.state.spec.rules,
        }),
      );
      if (decision.accepted) {
        this.accept(turn, playerId, attempt, action, time);
        onProposal({ accepted: true, reason: 'accepted' });
        break;
      }
      onProposal({ accepted: false, reason: decision.reason });
      this.emit('contribution_rejected', {
        turn,
        playerId,
        attempt,
        reason: decision.reason,
        repeatsMessageId: decision.repeatsMessageId || null,
        similarity: decision.similarity,
        feedback: decision.feedback,
      });
      if (attempt === maxAttempts) {
        this.emit('turn_forfeited', {
          turn,
          playerId,
          reason: 'gate',
          detail: `${attempt} proposals in a row were rejected`,
        });
      }
    }
    if (turn % seats === 0) this.emit('round_ended', { round: this.state.round, turn });
  }

  private accept(
    turn: number,
    playerId: string,
    attempt: number,
    action: { text: string; cites: string[] },
    time: StepTimer,
  ): void {
    const messageId = nextMessageId(this.state);
    this.emit('contribution_accepted', {
      turn,
      playerId,
      attempt,
      messageId,
      text: action.text,
      cites: action.cites,
    });
    const contribution = { messageId, playerId, text: action.text, cites: action.cites };
    const score = time('score', () =>
      scoreContribution({ state: this.state, contribution, index: this.index }),
    );
    time('add', () => this.index.add({ messageId, speakerId: playerId, text: action.text }));
    time('detectors', () => detectManipulation(action.text, this.state, playerId));
    this.emit('contribution_scored', {
      turn,
      playerId,
      messageId,
      phase: score.phase,
      weights: score.weights,
      coverage: score.coverage,
      detectorHits: score.detectorHits,
      scores: score.scores,
      points: score.points,
      rationales: score.rationales,
      judge: score.judge,
    });
  }
}
