import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Annotation, Command, END, START, StateGraph } from '@langchain/langgraph';
import {
  PlayerActionSchema,
  createNarrator,
  createPlayerAgent,
  type Narrator,
  type NarratorTrigger,
  type PlayerAction,
  type PlayerAgent,
  type Reply,
} from '@arena/agents';
import { TOPICS, type MessageBus } from '@arena/message-bus';
import {
  activePlayers,
  applyEvent,
  computeStandings,
  envelopeEvent,
  gameRng,
  nextMessageId,
  playerById,
  playerView,
  type Clock,
  type EndReason,
  type GameEvent,
  type GameState,
  type NewEvent,
  type PayloadOf,
} from '@arena/models';
import type { EventStore } from '@arena/persistence';
import {
  checkContribution,
  checkSolved,
  chooseElimination,
  indexFromState,
  isEliminationDue,
  isRoundComplete,
  judgeAccusation,
  phaseFor,
  scoreContribution,
  selectSpeaker,
  verifyEvidence,
  type EvidenceCheck,
  type SimilarityIndex,
} from '@arena/scoring';

/** Where a game's events go and where its time and models come from. */
export interface GameServices {
  store: EventStore;
  bus: MessageBus;
  clock: Clock;
  /** Builds a seat's player from its model spec. @default createPlayerAgent from @arena/agents */
  createPlayer?: (modelSpec: string) => PlayerAgent;
  /** Builds the narrator from its model spec. @default createNarrator from @arena/agents */
  createNarrator?: (modelSpec: string) => Narrator;
}

/** Engine timing categories reported to a {@link EngineProbe}. */
export type ProbeCategory = 'judge' | 'persistence' | 'models';

/** Optional timing hooks for benchmarks; the engine itself never reads the wall clock. */
export interface EngineProbe {
  now(): number;
  record(category: ProbeCategory, ms: number): void;
}

export interface RunOptions {
  /** Stops the game cleanly at the next turn boundary with reason `aborted` (operator_stop). */
  signal?: AbortSignal;
  /**
   * Stops at the next turn boundary *without* ending the game, so it can be resumed later
   * (used on process shutdown).
   */
  suspend?: AbortSignal;
  /** Called with each batch of events once it is stored and published. */
  onEvents?: (events: readonly GameEvent[]) => void;
  probe?: EngineProbe;
}

/** Steps inside a turn; the graph's nodes group them so a plain turn is one graph step. */
type Route =
  | 'checkEnd'
  | 'startTurn'
  | 'act'
  | 'gate'
  | 'score'
  | 'accusation'
  | 'defence'
  | 'verdict'
  | 'afterTurn'
  | 'finish'
  | 'done';

/** The graph's nodes and where each may lead. */
type Node = 'opening' | 'turn' | 'accusation' | 'finish' | 'done';

/** The graph carries no game data: the transcript lives in the event log and the folded state. */
const TurnGraphState = Annotation.Root({
  turns: Annotation<number>(),
});

type EndDecision = {
  reason: EndReason;
  detail: string;
  abortCause?: 'operator_stop' | 'budget' | 'error';
};

/**
 * Drives one game from its event log: every decision is appended as events, one batch per
 * turn (stored, then published), and the in-memory state is the fold of exactly those events.
 */
export class GameSession {
  private state: GameState;
  /** The state as far as the store has it. */
  private committed: GameState;
  /** The batch being written while the next turn is computed. */
  private writing: Promise<void> | null = null;
  private buffer: GameEvent[] = [];
  private readonly index: SimilarityIndex;
  private readonly players = new Map<string, PlayerAgent>();
  private readonly narrator: Narrator;
  private pendingAction: PlayerAction | null = null;
  /** The evidence check of the accusation being ruled on (filed and ruled in one graph step). */
  private pendingCheck: EvidenceCheck | null = null;
  private pendingEnd: EndDecision | null = null;

  constructor(
    private readonly services: GameServices,
    state: GameState,
    private readonly options: RunOptions = {},
  ) {
    this.state = state;
    this.committed = state;
    this.index = indexFromState(state);
    const makePlayer = services.createPlayer ?? createPlayerAgent;
    for (const seat of state.spec.seats) this.players.set(seat.playerId, makePlayer(seat.model));
    this.narrator = (services.createNarrator ?? createNarrator)(state.spec.officials.narrator);
  }

  get current(): GameState {
    return this.state;
  }

  /** Play until the game ends (or is stopped); resumes from whatever the log already holds. */
  async run(): Promise<GameState> {
    if (this.state.status === 'ended') return this.state;
    const graph = this.buildGraph();
    const turnsLeft = Math.max(0, this.state.spec.maxTurns - this.state.turn);
    try {
      await graph.invoke({ turns: 0 }, { recursionLimit: 16 + turnsLeft * 3 });
      await this.flushed();
    } catch (cause) {
      await this.abortOnError(cause);
    }
    return this.state;
  }

  /**
   * `opening → turn ⟲ → finish`, with `turn → accusation → turn` when the speaker accuses. A
   * turn node checks whether the game is over, selects the speaker, asks for an action, runs the
   * gate (retries loop inside it) and the judge, then wraps up: narration, round checks
   * (solved, elimination) and one committed batch of events. An accusation takes its own node:
   * filing, evidence check, defence, verdict, then the same wrap-up.
   */
  private buildGraph() {
    // Nodes route with Command(goto) rather than conditional edges: one runnable less per step.
    const node = (fn: () => Promise<Node> | Node) => async () => {
      const next = await fn();
      return new Command({ goto: next === 'done' ? END : next });
    };
    const ends = (...nodes: Node[]) => nodes.map((n) => (n === 'done' ? END : n));
    return new StateGraph(TurnGraphState)
      .addNode(
        'opening',
        node(() => this.opening()),
        { ends: ends('turn') },
      )
      .addNode(
        'turn',
        node(() => this.turnNode()),
        {
          ends: ends('turn', 'accusation', 'finish', 'done'),
        },
      )
      .addNode(
        'accusation',
        node(() => this.accusationNode()),
        { ends: ends('turn', 'done') },
      )
      .addNode(
        'finish',
        node(() => this.finishNode()),
        { ends: ends('done') },
      )
      .addEdge(START, 'opening')
      .compile();
  }

  private async turnNode(): Promise<Node> {
    let step: Route = this.checkEnd();
    for (;;) {
      switch (step) {
        case 'finish':
          return 'finish';
        case 'done':
          return 'done';
        case 'startTurn':
          step = this.startTurn();
          break;
        case 'act':
          step = await this.act();
          break;
        case 'gate':
          step = this.gate();
          break;
        case 'score':
          step = this.score();
          break;
        case 'accusation':
          return 'accusation';
        case 'afterTurn':
          return this.wrapUp();
        default:
          throw new Error(`unexpected step ${step} in a turn`);
      }
    }
  }

  private async accusationNode(): Promise<Node> {
    if ((await this.accusation()) === 'defence') {
      await this.defence();
      await this.verdict();
    }
    return this.wrapUp();
  }

  private async wrapUp(): Promise<Node> {
    return (await this.afterTurn()) === 'done' ? 'done' : 'turn';
  }

  // ---- events -------------------------------------------------------------------------------

  private emit<T extends NewEvent['type']>(
    type: T,
    payload: PayloadOf<T>,
    causationId: string | null = null,
  ): GameEvent {
    const event = envelopeEvent(
      this.state.gameId,
      this.state.lastSeq + 1,
      this.services.clock.now(),
      {
        type,
        payload,
        causationId,
      } as NewEvent,
    );
    this.state = applyEvent(this.state, event);
    this.buffer.push(event);
    return event;
  }

  /**
   * Hand the buffered events to the store and return while they are written, so the next turn
   * is computed meanwhile. At most one batch is in flight: the previous one must be stored (and
   * then published) before this one is handed over, which keeps the log ordered and lets a
   * failed write stop the game at the next turn.
   */
  private async commit(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    const state = this.state;
    this.buffer = [];
    await this.flushed();
    const writing = this.write(batch, state);
    writing.catch(() => undefined);
    this.writing = writing;
    // A game whose store and models answer from memory never waits for I/O; yielding once per
    // batch keeps the hosting process (HTTP requests, streams, signals) responsive.
    await nextMacrotask();
  }

  private async write(batch: GameEvent[], state: GameState): Promise<void> {
    await this.services.store.append(batch);
    this.committed = state;
    await this.services.bus.publish(
      TOPICS.gameEvents,
      batch.map((value) => ({ key: value.gameId, value })),
    );
    this.options.onEvents?.(batch);
  }

  /** Wait until every batch handed to the store is written; rethrows a failed write. */
  private async flushed(): Promise<void> {
    const writing = this.writing;
    if (!writing) return;
    const probe = this.options.probe;
    const start = probe?.now();
    try {
      await writing;
    } finally {
      if (this.writing === writing) this.writing = null;
      if (probe && start !== undefined) probe.record('persistence', probe.now() - start);
    }
  }

  private timed<T>(category: ProbeCategory, fn: () => T): T {
    const probe = this.options.probe;
    if (!probe) return fn();
    const start = probe.now();
    const out = fn();
    probe.record(category, probe.now() - start);
    return out;
  }

  private async call<T>(
    role: PayloadOf<'model_call'>['role'],
    playerId: string | null,
    fn: () => Promise<Reply<T>>,
    causationId: string | null,
  ): Promise<T> {
    const clock = this.services.clock;
    const probe = this.options.probe;
    const wall = probe?.now();
    const start = clock.now();
    const reply = await fn();
    const latencyMs = Math.max(0, clock.now() - start);
    if (probe && wall !== undefined) probe.record('models', probe.now() - wall);
    this.emit(
      'model_call',
      {
        role,
        playerId,
        purpose: reply.call.purpose,
        model: reply.call.model,
        params: reply.call.params,
        usage: reply.call.usage,
        latencyMs,
        costUsd: reply.call.costUsd,
      },
      causationId,
    );
    return reply.value;
  }

  private rng(key: string) {
    return gameRng(this.state.spec.seed, key);
  }

  private async narrate(
    trigger: NarratorTrigger,
    cause: GameEvent | null,
    subject?: { messageId?: string; playerIds?: string[] },
  ): Promise<void> {
    const key = `narrator:${this.state.turn}:${trigger}:${this.state.lastSeq}`;
    const line = await this.call(
      'narrator',
      null,
      () => this.narrator.narrate({ state: this.state, trigger, rng: this.rng(key), subject }),
      cause?.id ?? null,
    );
    this.emit(
      'narrator_line',
      { turn: this.state.turn, trigger, text: line.text, messageId: nextMessageId(this.state) },
      cause?.id ?? null,
    );
  }

  private speaker(): string {
    const id = this.state.current?.speakerId;
    if (!id) throw new Error('No speaker selected for the current turn');
    return id;
  }

  private agentFor(playerId: string): PlayerAgent {
    const agent = this.players.get(playerId);
    if (!agent) throw new Error(`No agent for ${playerId}`);
    return agent;
  }

  // ---- nodes ----------------------------------------------------------------------------------

  private async opening(): Promise<Node> {
    if (this.state.turn === 0 && this.state.messages.length === 0) {
      await this.narrate('opening', null);
      await this.commit();
    }
    return 'turn';
  }

  private checkEnd(): Route {
    if (this.options.suspend?.aborted) return 'done';
    if (this.options.signal?.aborted) {
      this.pendingEnd = {
        reason: 'aborted',
        detail: 'stopped by the operator',
        abortCause: 'operator_stop',
      };
      return 'finish';
    }
    if (this.state.turn >= this.state.spec.maxTurns) {
      this.pendingEnd = {
        reason: 'max_turns',
        detail: `the turn limit of ${this.state.spec.maxTurns} was reached`,
      };
      return 'finish';
    }
    return 'startTurn';
  }

  private startTurn(): Route {
    const turn = this.state.turn + 1;
    const phase = phaseFor(this.state);
    if (phase !== this.state.phase) {
      this.emit('phase_changed', { turn, from: this.state.phase, to: phase });
    }
    const started = this.emit('turn_started', { turn, round: this.state.round });
    const choice = this.timed('judge', () =>
      selectSpeaker(this.state, this.rng(`turn:${turn}:policy`)),
    );
    this.emit(
      'speaker_selected',
      {
        turn,
        playerId: choice.playerId,
        policy: this.state.spec.policy,
        reasoning: choice.reasoning,
        candidates: choice.candidates,
      },
      started.id,
    );
    return 'act';
  }

  private async act(): Promise<Route> {
    const playerId = this.speaker();
    const current = this.state.current;
    const turn = this.state.turn;
    const attempt = (current?.attempts ?? 0) + 1;
    const raw = await this.call(
      'player',
      playerId,
      () =>
        this.agentFor(playerId).act({
          state: playerView(this.state),
          playerId,
          attempt,
          feedback: current?.feedback ?? [],
          rng: this.rng(`turn:${turn}:act:${attempt}`),
        }),
      this.state.lastEventId,
    );
    const parsed = PlayerActionSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      this.emit('turn_forfeited', {
        turn,
        playerId,
        reason: 'invalid_output',
        detail: `the reply was not a valid action (${detail})`,
      });
      return 'afterTurn';
    }
    this.pendingAction = parsed.data;
    if (parsed.data.action === 'accuse') return 'accusation';
    this.emit('contribution_proposed', {
      turn,
      playerId,
      attempt,
      text: parsed.data.text,
      cites: parsed.data.cites,
    });
    return 'gate';
  }

  private gate(): Route {
    const action = this.pendingAction;
    if (!action || action.action !== 'contribute') throw new Error('gate without a contribution');
    const playerId = this.speaker();
    const turn = this.state.turn;
    const attempt = this.state.current?.attempts ?? 1;
    const proposed = this.state.lastEventId;
    const decision = this.timed('judge', () =>
      checkContribution({
        text: action.text,
        speakerId: playerId,
        state: this.state,
        index: this.index,
        rules: this.state.spec.rules,
      }),
    );
    if (decision.accepted) {
      this.emit(
        'contribution_accepted',
        {
          turn,
          playerId,
          attempt,
          messageId: nextMessageId(this.state),
          text: action.text,
          cites: action.cites,
        },
        proposed,
      );
      return 'score';
    }
    this.emit(
      'contribution_rejected',
      {
        turn,
        playerId,
        attempt,
        reason: decision.reason,
        repeatsMessageId: decision.repeatsMessageId || null,
        similarity: decision.similarity,
        feedback: decision.feedback,
      },
      proposed,
    );
    if (attempt <= this.state.spec.rules.gate.maxRetries) return 'act';
    this.emit('turn_forfeited', {
      turn,
      playerId,
      reason: 'gate',
      detail:
        decision.reason === 'too_short'
          ? `${attempt} proposals in a row were rejected (the last was too short to say anything)`
          : `${attempt} proposals in a row repeated earlier messages (last: ${decision.repeatsMessageId})`,
    });
    return 'afterTurn';
  }

  private score(): Route {
    const accepted = this.state.messages[this.state.messages.length - 1];
    if (!accepted || accepted.kind !== 'contribution' || !accepted.speakerId) {
      throw new Error('score without an accepted contribution');
    }
    const result = this.timed('judge', () => {
      const s = scoreContribution({
        state: this.state,
        contribution: {
          messageId: accepted.id,
          playerId: accepted.speakerId as string,
          text: accepted.text,
          cites: accepted.cites,
        },
        index: this.index,
      });
      this.index.add({
        messageId: accepted.id,
        speakerId: accepted.speakerId as string,
        text: accepted.text,
      });
      return s;
    });
    this.emit(
      'contribution_scored',
      {
        turn: this.state.turn,
        playerId: accepted.speakerId,
        messageId: accepted.id,
        phase: result.phase,
        scores: result.scores,
        weights: result.weights,
        points: result.points,
        rationales: result.rationales,
        coverage: result.coverage,
        detectorHits: result.detectorHits,
        judge: result.judge,
      },
      this.state.lastEventId,
    );
    return 'afterTurn';
  }

  private async accusation(): Promise<Route> {
    const action = this.pendingAction;
    if (!action || action.action !== 'accuse')
      throw new Error('accusation without an accuse action');
    const accuserId = this.speaker();
    const turn = this.state.turn;
    const accuser = playerById(this.state, accuserId);
    const accused = playerById(this.state, action.accusedId);
    const limit = this.state.spec.rules.accusations.maxPerPlayer;
    const problem = !accused
      ? `accused player ${action.accusedId} does not exist`
      : accused.id === accuserId
        ? 'a player cannot accuse itself'
        : accused.status !== 'active'
          ? `${accused.name} (${accused.id}) is already eliminated`
          : null;
    if (problem || (accuser && accuser.accusationsFiled >= limit)) {
      this.emit('turn_forfeited', {
        turn,
        playerId: accuserId,
        reason: problem ? 'invalid_output' : 'accusation_limit',
        detail: problem ?? `the limit of ${limit} accusations per game is spent`,
      });
      return 'afterTurn';
    }
    const filed = this.emit('accusation_filed', {
      turn,
      accusationId: `A${this.state.accusations.length + 1}`,
      accuserId,
      accusedId: action.accusedId,
      kind: action.kind,
      claim: action.claim,
      evidence: action.evidence,
      confidence: action.confidence,
      messageId: nextMessageId(this.state),
    });
    const accusation = this.state.accusations[this.state.accusations.length - 1];
    if (!accusation) throw new Error('accusation was not recorded');
    const check = this.timed('judge', () =>
      verifyEvidence(accusation.evidence, this.state, accusation.accusedId),
    );
    this.pendingCheck = check;
    this.emit(
      'evidence_checked',
      { accusationId: accusation.id, valid: check.valid, findings: check.findings },
      filed.id,
    );
    await this.narrate('accusation', filed, {
      messageId: accusation.messageId,
      playerIds: [accuserId, accusation.accusedId],
    });
    return 'defence';
  }

  private async defence(): Promise<Route> {
    const accusation = this.state.accusations[this.state.accusations.length - 1];
    if (!accusation) throw new Error('defence without an accusation');
    const turn = this.state.turn;
    const reply = await this.call(
      'player',
      accusation.accusedId,
      () =>
        this.agentFor(accusation.accusedId).defend({
          state: playerView(this.state),
          playerId: accusation.accusedId,
          attempt: 1,
          feedback: [],
          rng: this.rng(`turn:${turn}:defence`),
          accusation,
        }),
      this.state.lastEventId,
    );
    this.emit('defence_given', {
      accusationId: accusation.id,
      playerId: accusation.accusedId,
      text: reply.text,
      messageId: nextMessageId(this.state),
    });
    return 'verdict';
  }

  private async verdict(): Promise<Route> {
    const accusation = this.state.accusations[this.state.accusations.length - 1];
    if (!accusation) throw new Error('verdict without an accusation');
    const defence = this.state.messages.find((m) => m.id === accusation.defenceMessageId);
    const check = this.pendingCheck;
    if (!check) throw new Error('verdict without an evidence check');
    this.pendingCheck = null;
    const decision = this.timed('judge', () =>
      judgeAccusation({
        accusation,
        evidenceCheck: check,
        defenceText: defence?.text ?? '',
        state: this.state,
      }),
    );
    const verdictMessageId = nextMessageId(this.state);
    const ruled = this.emit('verdict_reached', {
      accusationId: accusation.id,
      verdict: decision.verdict,
      confidence: decision.confidence,
      reasoning: decision.reasoning,
      accuserPenaltyFactor: decision.accuserPenaltyFactor,
      messageId: verdictMessageId,
    });
    await this.narrate('verdict', ruled, {
      messageId: verdictMessageId,
      playerIds: [accusation.accuserId, accusation.accusedId],
    });
    if (decision.verdict === 'proven') {
      const accused = playerById(this.state, accusation.accusedId);
      await this.eliminate(
        accusation.accusedId,
        'proven_accusation',
        `${accused?.name ?? accusation.accusedId} (${accusation.accusedId}) is eliminated at once: the accusation in ${accusation.messageId} was proven. ${decision.reasoning}`,
        ruled,
      );
    }
    return 'afterTurn';
  }

  private async eliminate(
    playerId: string,
    cause: 'lowest_standing' | 'proven_accusation',
    reasoning: string,
    causeEvent: GameEvent | null,
    standing?: number,
  ): Promise<void> {
    const player = playerById(this.state, playerId);
    const eliminated = this.emit(
      'player_eliminated',
      {
        playerId,
        turn: this.state.turn,
        round: this.state.round,
        cause,
        reasoning,
        standing: standing ?? (player && player.turns > 0 ? player.points / player.turns : 0),
        messageId: nextMessageId(this.state),
      },
      causeEvent?.id ?? null,
    );
    const words = await this.call(
      'player',
      playerId,
      () =>
        this.agentFor(playerId).finalWords({
          state: playerView(this.state),
          playerId,
          attempt: 1,
          feedback: [],
          rng: this.rng(`turn:${this.state.turn}:final:${playerId}`),
          reasoning,
        }),
      eliminated.id,
    );
    const wordsMessageId = nextMessageId(this.state);
    const said = this.emit(
      'final_words',
      { playerId, text: words.text, messageId: wordsMessageId },
      eliminated.id,
    );
    await this.narrate('elimination', said, { messageId: wordsMessageId, playerIds: [playerId] });
  }

  private async afterTurn(): Promise<Route> {
    this.pendingAction = null;
    const every = this.state.spec.rules.narrator.every;
    const narratedThisTurn = this.state.lastNarratedTurn === this.state.turn;
    if (every > 0 && this.state.turn % every === 0 && !narratedThisTurn) {
      await this.narrate('periodic', null);
    }
    let end = this.survivorEnd();
    if (!end && isRoundComplete(this.state)) end = await this.roundCheck();
    end ??= this.survivorEnd();
    if (end) {
      await this.finish(end);
      return 'done';
    }
    await this.commit();
    return 'checkEnd';
  }

  private survivorEnd(): EndDecision | null {
    const active = activePlayers(this.state);
    if (active.length === 0) {
      return { reason: 'all_eliminated', detail: 'every player has been eliminated' };
    }
    if (active.length === 1 && this.state.players.length > 1) {
      return { reason: 'one_survivor', detail: `${active[0]?.name} is the last one standing` };
    }
    return null;
  }

  private async roundCheck(): Promise<EndDecision | null> {
    const round = this.state.round;
    const solved = this.timed('judge', () => checkSolved(this.state));
    const checked = this.emit('problem_checked', {
      round,
      solved: solved.solved,
      coverage: solved.coverage,
      reasoning: solved.reasoning,
    });
    if (solved.solved) {
      this.emit('round_ended', { round, turn: this.state.turn }, checked.id);
      return { reason: 'solved', detail: solved.reasoning };
    }
    if (isEliminationDue(this.state)) {
      const choice = this.timed('judge', () =>
        chooseElimination(this.state, this.rng(`round:${round}:elimination`)),
      );
      if (choice) {
        await this.eliminate(
          choice.playerId,
          'lowest_standing',
          choice.reasoning,
          checked,
          choice.standing,
        );
      }
    }
    this.emit('round_ended', { round, turn: this.state.turn }, checked.id);
    return null;
  }

  private async finishNode(): Promise<Node> {
    const end = this.pendingEnd ?? {
      reason: 'max_turns' as const,
      detail: 'the turn limit was reached',
    };
    await this.finish(end);
    return 'done';
  }

  private async finish(end: EndDecision): Promise<void> {
    await this.narrate('closing', null);
    this.emitEnd(end);
    await this.commit();
  }

  private emitEnd(end: EndDecision): void {
    const standings = computeStandings(this.state);
    const winner = standings.find((s) => s.status === 'active');
    this.emit('game_ended', {
      reason: end.reason,
      detail: end.detail,
      abortCause: end.abortCause ?? null,
      winnerId: winner?.playerId ?? null,
      standings,
    });
  }

  /** An unrecoverable failure: drop the turn in flight and end the game with reason `aborted`. */
  private async abortOnError(cause: unknown): Promise<void> {
    this.buffer = [];
    await this.flushed().catch(() => undefined);
    this.state = this.committed;
    const message = cause instanceof Error ? cause.message : String(cause);
    if (this.state.status === 'ended') throw cause;
    this.emitEnd({
      reason: 'aborted',
      detail: `unrecoverable error: ${message}`,
      abortCause: 'error',
    });
    await this.commit();
    await this.flushed();
  }
}
