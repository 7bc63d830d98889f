import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Annotation, Command, END, START, StateGraph } from '@langchain/langgraph';
import {
  PlayerActionSchema,
  createModelRuntime,
  isBudgetExceeded,
  isRoleCallError,
  type CallerRole,
  type Embedder,
  type ModelCallRecord,
  type ModelRuntime,
  type Narrator,
  type NarratorTrigger,
  type PlayerAction,
  type PlayerAgent,
  type Reply,
  type Summariser,
} from '@arena/agents';
import { publishGameEvents, type MessageBus } from '@arena/message-bus';
import {
  activePlayers,
  applyEvent,
  computeStandings,
  envelopeEvent,
  gameRng,
  messageById,
  nextMessageId,
  playerById,
  playerView,
  type Clock,
  type EndReason,
  type GameEvent,
  type GameState,
  type GroundTruth,
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
  speakingShare,
  survivorEnd,
  verifyEvidence,
  type Bid,
  type EvidenceCheck,
  type SimilarityIndex,
} from '@arena/scoring';
import { budgetProblem } from './budget';
import { CHAMPION_MEMORY_PURPOSE, distilChampionMemories } from './champion-memory';
import { createJudgePanel } from './judge-panel';
import {
  askPanel,
  attempt,
  hasModelJudges,
  modelCallPayload,
  panelSolved,
  panelVerdict,
  scoredPayload,
  type CallOutcome,
  type Panel,
} from './panel';

/** Where a game's events go and where its time and models come from. */
export interface GameServices {
  store: EventStore;
  bus: MessageBus;
  clock: Clock;
  /** Builds every role from its model spec. @default a runtime that only knows `sim` and keyless providers */
  models?: ModelRuntime;
  /** Overrides how a seat's player is built (tests, benchmarks). */
  createPlayer?: (modelSpec: string) => PlayerAgent;
  /** Overrides how the narrator is built. */
  createNarrator?: (modelSpec: string) => Narrator;
}

let defaultRuntime: ModelRuntime | undefined;

/** The services' model runtime, or a shared default one (`sim`, Ollama and OpenAI-compatible without keys). */
export function modelRuntimeOf(services: Pick<GameServices, 'models'>): ModelRuntime {
  if (services.models) return services.models;
  defaultRuntime ??= createModelRuntime();
  return defaultRuntime;
}

/** Work started off the critical path; resolves to a function that records its outcome. */
type Background = Promise<() => void>;

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
  /**
   * Awaited before each batch is stored. When it rejects, the batch is not stored and the game
   * stops with that error, unended, as long as it keeps rejecting (a driver that lost its lease).
   */
  beforeAppend?: (events: readonly GameEvent[]) => Promise<void>;
  probe?: EngineProbe;
}

/** Steps inside a turn; the graph's nodes group them so a plain turn is one graph step. */
type Route =
  | 'checkEnd'
  | 'startTurn'
  | 'act'
  | 'gate'
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
  /** Embeds proposals and contributions when the runtime has an embedder (`ARENA_EMBEDDINGS`). */
  private readonly embedder: Embedder | null;
  private readonly players = new Map<string, PlayerAgent>();
  private readonly narrator: Narrator;
  private readonly summariser: Summariser;
  /** Places every bid under the `bidding` policy when the game names a bidder model. */
  private readonly bidder: PlayerAgent | null;
  private readonly panel: Panel;
  /**
   * Scoring, periodic narration and summaries run while the next speaker thinks. Their events
   * are recorded in the order they were started, at fixed points (after the next speaker's
   * reply, before round checks, before the game ends), so the log never depends on timing.
   */
  private background: Background[] = [];
  private summaryRunning = false;
  private pendingAction: PlayerAction | null = null;
  private pendingTruth: GroundTruth | null = null;
  /** The `contribution_proposed` event the gate is deciding on. */
  private proposedId: string | null = null;
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
    const models = modelRuntimeOf(services);
    this.embedder = models.embedder;
    const makePlayer = services.createPlayer ?? ((spec: string) => models.player(spec));
    for (const seat of state.spec.seats) this.players.set(seat.playerId, makePlayer(seat.model));
    const officials = state.spec.officials;
    this.narrator = (services.createNarrator ?? ((spec: string) => models.narrator(spec)))(
      officials.narrator,
    );
    this.summariser = models.summariser(officials.summariser);
    this.bidder = officials.bidder ? makePlayer(officials.bidder) : null;
    this.panel = createJudgePanel(models, officials.judge);
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

  // ---- work off the critical path -------------------------------------------------------------

  private startBackground(work: Background): void {
    work.catch(() => undefined);
    this.background.push(work);
  }

  /** Wait for the background work and record its events, in the order it was started. */
  private async settle(): Promise<void> {
    while (this.background.length > 0) {
      const started = this.background;
      this.background = [];
      const records = await this.timedModels(() => Promise.all(started));
      for (const record of records) record();
    }
  }

  /** Scores a resumed game still owes (the rest of the background work starts with a turn). */
  private async resumeBackground(): Promise<void> {
    const vectors = await this.embedTranscript();
    for (const messageId of this.state.unscored) {
      this.startScoring(messageId, vectors.get(messageId));
    }
  }

  /** Embedding vectors of `texts`; null without an embedder or when the (recorded) call failed. */
  private async embed(texts: string[], cause: string | null): Promise<number[][] | null> {
    const embedder = this.embedder;
    if (!embedder || texts.length === 0) return null;
    const outcome = await this.timedModels(() =>
      attempt(embedder.spec, () => embedder.embed(texts)),
    );
    return this.recordOutcome('judge', null, 'embed', outcome, cause);
  }

  /** A resumed game's rebuilt index gets the vectors of the contributions it holds. */
  private async embedTranscript(): Promise<Map<string, number[]>> {
    const contributions = this.state.messages.filter((m) => this.index.has(m.id));
    const vectors = await this.embed(
      contributions.map((m) => m.text),
      this.state.lastEventId,
    );
    const byId = new Map<string, number[]>();
    contributions.forEach((m, i) => {
      const vector = vectors?.[i];
      if (!vector) return;
      this.index.setVector(m.id, vector);
      byId.set(m.id, vector);
    });
    return byId;
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
    let step: Route = await this.checkEnd();
    for (;;) {
      switch (step) {
        case 'finish':
          return 'finish';
        case 'done':
          return 'done';
        case 'startTurn':
          step = await this.startTurn();
          break;
        case 'act':
          step = await this.act();
          break;
        case 'gate':
          step = await this.gate();
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
    await this.options.beforeAppend?.(batch);
    await this.services.store.append(batch);
    this.committed = state;
    await publishGameEvents(this.services.bus, batch);
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

  /** Record the model calls behind a role's answer. */
  private recordCalls(
    role: CallerRole,
    playerId: string | null,
    calls: readonly ModelCallRecord[],
    causationId: string | null,
  ): void {
    for (const call of calls) {
      this.emit('model_call', modelCallPayload(role, playerId, call), causationId);
    }
  }

  /** Record a role call's outcome: its model calls, and `call_failed` when it had no answer. */
  private recordOutcome<T>(
    role: 'judge' | 'narrator' | 'summariser' | 'player' | 'policy',
    playerId: string | null,
    purpose: string,
    outcome: CallOutcome<T>,
    causationId: string | null,
  ): T | null {
    this.recordCalls(role, playerId, outcome.calls, causationId);
    if (outcome.failure) {
      this.emit(
        'call_failed',
        {
          role,
          playerId,
          purpose,
          model: outcome.spec,
          reason: outcome.failure.reason,
          detail: outcome.failure.detail,
          ...(outcome.failure.raw !== null ? { raw: outcome.failure.raw } : {}),
        },
        causationId,
      );
    }
    return outcome.value;
  }

  /** A role call on the critical path; a failed role is recorded and yields null. */
  private async call<T>(
    role: 'judge' | 'narrator' | 'summariser' | 'player',
    playerId: string | null,
    spec: string,
    purpose: string,
    fn: () => Promise<Reply<T>>,
    causationId: string | null,
  ): Promise<T | null> {
    const outcome = await this.timedModels(() => attempt(spec, fn));
    return this.recordOutcome(role, playerId, purpose, outcome, causationId);
  }

  private async timedModels<T>(fn: () => Promise<T>): Promise<T> {
    const probe = this.options.probe;
    const wall = probe?.now();
    try {
      return await fn();
    } finally {
      if (probe && wall !== undefined) probe.record('models', probe.now() - wall);
    }
  }

  private seatModel(playerId: string): string {
    return this.state.spec.seats.find((s) => s.playerId === playerId)?.model ?? 'sim';
  }

  private rng(key: string) {
    return gameRng(this.state.spec.seed, key);
  }

  private narratorContext(
    trigger: NarratorTrigger,
    subject?: { messageId?: string; playerIds?: string[] },
  ) {
    // Keyed on what is public (turn, trigger, transcript length), never on how many events the
    // log holds, so hidden bookkeeping events cannot change what the narrator says.
    const key = `narrator:${this.state.turn}:${trigger}:${this.state.messages.length}`;
    return { state: this.state, trigger, rng: this.rng(key), subject };
  }

  private recordNarration(
    trigger: NarratorTrigger,
    turn: number,
    outcome: CallOutcome<{ text: string }>,
    causationId: string | null,
  ): void {
    const line = this.recordOutcome('narrator', null, 'narrate', outcome, causationId);
    if (line === null) return;
    this.emit(
      'narrator_line',
      { turn, trigger, text: line.text, messageId: nextMessageId(this.state) },
      causationId,
    );
  }

  private async narrate(
    trigger: NarratorTrigger,
    cause: GameEvent | null,
    subject?: { messageId?: string; playerIds?: string[] },
  ): Promise<void> {
    const ctx = this.narratorContext(trigger, subject);
    const outcome = await this.timedModels(() =>
      attempt(this.state.spec.officials.narrator, () => this.narrator.narrate(ctx)),
    );
    this.recordNarration(trigger, this.state.turn, outcome, cause?.id ?? null);
  }

  /**
   * Periodic narration of the turn that just ended and the rolling summary, in the background.
   * Started as the next turn begins, from the state as committed, so a resumed game starts
   * exactly the same work.
   */
  private startTurnEndWork(): void {
    const turn = this.state.turn;
    const every = this.state.spec.rules.narrator.every;
    if (every > 0 && turn > 0 && turn % every === 0 && this.state.lastNarratedTurn !== turn) {
      const ctx = this.narratorContext('periodic');
      const spec = this.state.spec.officials.narrator;
      // A simulated role does its work as the call starts: time it as model time.
      const work = this.timed('models', () => attempt(spec, () => this.narrator.narrate(ctx)));
      this.startBackground(
        work.then((outcome) => () => this.recordNarration('periodic', turn, outcome, null)),
      );
    }
    this.startSummary();
  }

  /** Fold the messages that left the recent window into the rolling summary, once enough have. */
  private startSummary(): void {
    const { recentMessages, summaryEvery } = this.state.spec.context;
    const through = this.state.summary?.through ?? 0;
    const upTo = this.state.messages.length - recentMessages;
    if (this.summaryRunning || upTo - through < summaryEvery) return;
    this.summaryRunning = true;
    const spec = this.state.spec.officials.summariser;
    const ctx = {
      state: this.state,
      previous: this.state.summary?.text ?? '',
      messageIds: this.state.messages.slice(through, upTo).map((m) => m.id),
      rng: this.rng(`summary:${upTo}`),
    };
    const work = this.timed('models', () => attempt(spec, () => this.summariser.summarise(ctx)));
    this.startBackground(
      work.then((outcome) => () => {
        this.summaryRunning = false;
        const summary = this.recordOutcome('summariser', null, 'summarise', outcome, null);
        if (summary)
          this.emit('summary_written', { text: summary.text, through: upTo, model: spec });
      }),
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
    // Nothing but `game_created` is stored yet. (A failed opening line leaves no message, so
    // the transcript cannot tell whether the opening was played.)
    if (this.state.lastSeq === 0) {
      await this.narrate('opening', null);
      await this.commit();
    } else {
      await this.resumeBackground();
    }
    return 'turn';
  }

  private async checkEnd(): Promise<Route> {
    if (this.options.suspend?.aborted) {
      // Work still in the background is recomputed on resume, exactly as it would have been.
      this.background = [];
      this.summaryRunning = false;
      return 'done';
    }
    if (this.options.signal?.aborted) {
      this.pendingEnd = {
        reason: 'aborted',
        detail: 'stopped by the operator',
        abortCause: 'operator_stop',
      };
      return 'finish';
    }
    const overBudget = budgetProblem(this.state);
    if (overBudget) {
      this.pendingEnd = { reason: 'aborted', detail: overBudget, abortCause: 'budget' };
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

  private async startTurn(): Promise<Route> {
    this.startTurnEndWork();
    const turn = this.state.turn + 1;
    const phase = phaseFor(this.state);
    if (phase !== this.state.phase) {
      this.emit('phase_changed', { turn, from: this.state.phase, to: phase });
    }
    const started = this.emit('turn_started', { turn, round: this.state.round });
    const bids = this.state.spec.policy === 'bidding' ? await this.collectBids(turn) : [];
    // The policy sees the standings recorded so far: the previous turn's score may still be
    // in the background, so it counts from the turn after (the same in every run).
    const choice = this.timed('judge', () =>
      selectSpeaker(this.state, this.rng(`turn:${turn}:policy`), bids),
    );
    this.emit(
      'speaker_selected',
      {
        turn,
        playerId: choice.playerId,
        policy: this.state.spec.policy,
        reasoning: choice.reasoning,
        candidates: choice.candidates,
        ...(bids.length > 0 ? { bids } : {}),
      },
      started.id,
    );
    return 'act';
  }

  /** Every active player's bid, asked in parallel; a player whose bid fails bids 0. */
  private async collectBids(turn: number): Promise<Bid[]> {
    const state = this.state;
    const cause = state.lastEventId;
    const active = activePlayers(state);
    const outcomes = await this.timedModels(() =>
      Promise.all(
        active.map((p) => {
          const agent = this.bidder ?? this.agentFor(p.id);
          const spec = state.spec.officials.bidder ?? this.seatModel(p.id);
          return attempt(spec, () =>
            agent.bid({
              state: playerView(state, p.id),
              playerId: p.id,
              attempt: 1,
              feedback: [],
              rng: this.rng(`turn:${turn}:bid:${p.id}`),
            }),
          );
        }),
      ),
    );
    return active.map((p, i) => {
      const outcome = outcomes[i] as CallOutcome<{ urgency: number; reason: string }>;
      const bid = this.recordOutcome('policy', p.id, 'bid', outcome, cause);
      return { playerId: p.id, urgency: bid?.urgency ?? 0, reason: bid?.reason ?? '' };
    });
  }

  private async act(): Promise<Route> {
    const playerId = this.speaker();
    const current = this.state.current;
    const turn = this.state.turn;
    const attemptNo = (current?.attempts ?? 0) + 1;
    const cause = this.state.lastEventId;
    const outcome = await this.timedModels(() =>
      this.agentFor(playerId)
        .act({
          state: playerView(this.state, playerId),
          playerId,
          attempt: attemptNo,
          feedback: current?.feedback ?? [],
          rng: this.rng(`turn:${turn}:act:${attemptNo}`),
        })
        .then(
          (reply) => ({ reply, failure: null }),
          (failure: unknown) => ({ reply: null, failure }),
        ),
    );
    // The previous turn's background work is recorded before this turn's outcome.
    await this.settle();
    if (!outcome.reply) {
      const failure = outcome.failure;
      if (!isRoleCallError(failure)) throw failure;
      this.recordCalls('player', playerId, failure.calls, cause);
      this.emit('turn_forfeited', {
        turn,
        playerId,
        reason: failure.reason,
        detail:
          failure.reason === 'model_error'
            ? `the model did not answer: ${failure.message}`
            : `the reply was not a valid action after ${failure.calls.length} tries: ${failure.message}`,
        ...(failure.raw !== null ? { raw: failure.raw } : {}),
      });
      return 'afterTurn';
    }
    const answered = outcome.reply;
    this.recordCalls('player', playerId, answered.calls, cause);
    const parsed = PlayerActionSchema.safeParse(answered.value);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      this.emit('turn_forfeited', {
        turn,
        playerId,
        reason: 'invalid_output',
        detail: `the reply was not a valid action (${detail})`,
        raw: JSON.stringify(answered.value),
      });
      return 'afterTurn';
    }
    this.pendingAction = parsed.data;
    this.pendingTruth = answered.truth ?? null;
    if (parsed.data.action === 'accuse') return 'accusation';
    const proposed = this.emit('contribution_proposed', {
      turn,
      playerId,
      attempt: attemptNo,
      text: parsed.data.text,
      cites: parsed.data.cites,
    });
    this.proposedId = proposed.id;
    this.recordTruth(proposed, attemptNo);
    return 'gate';
  }

  /** The author's own account of what it did (`sim` only), hidden from every role. */
  private recordTruth(subject: GameEvent, attemptNo: number): void {
    const truth = this.pendingTruth;
    this.pendingTruth = null;
    if (!truth) return;
    this.emit(
      'ground_truth',
      {
        turn: this.state.turn,
        playerId: this.speaker(),
        attempt: attemptNo,
        subjectId: subject.id,
        truth,
      },
      subject.id,
    );
  }

  private async gate(): Promise<Route> {
    const action = this.pendingAction;
    if (!action || action.action !== 'contribute') throw new Error('gate without a contribution');
    const playerId = this.speaker();
    const turn = this.state.turn;
    const attemptNo = this.state.current?.attempts ?? 1;
    const proposed = this.proposedId;
    // With an embedder the gate also compares meanings; a failed call leaves it to the words.
    const vector = (await this.embed([action.text], proposed))?.[0];
    const index = vector ? this.index.withQueryVector(action.text, vector) : this.index;
    const decision = this.timed('judge', () =>
      checkContribution({
        text: action.text,
        speakerId: playerId,
        state: this.state,
        index,
        rules: this.state.spec.rules,
      }),
    );
    if (decision.accepted) {
      const messageId = nextMessageId(this.state);
      this.emit(
        'contribution_accepted',
        { turn, playerId, attempt: attemptNo, messageId, text: action.text, cites: action.cites },
        proposed,
      );
      this.startScoring(messageId, vector);
      return 'afterTurn';
    }
    this.emit(
      'contribution_rejected',
      {
        turn,
        playerId,
        attempt: attemptNo,
        reason: decision.reason,
        repeatsMessageId: decision.repeatsMessageId || null,
        similarity: decision.similarity,
        feedback: decision.feedback,
      },
      proposed,
    );
    if (attemptNo <= this.state.spec.rules.gate.maxRetries) return 'act';
    this.emit('turn_forfeited', {
      turn,
      playerId,
      reason: 'gate',
      detail:
        decision.reason === 'too_short'
          ? `${attemptNo} proposals in a row were rejected (the last was too short to say anything)`
          : `${attemptNo} proposals in a row repeated earlier messages (last: ${decision.repeatsMessageId})`,
    });
    return 'afterTurn';
  }

  /**
   * Score an accepted contribution: the deterministic signals now (they read the similarity
   * index as it is at acceptance), the model judges in the background.
   */
  private startScoring(messageId: string, vector?: number[]): void {
    const accepted = messageById(this.state, messageId);
    if (!accepted || accepted.kind !== 'contribution' || !accepted.speakerId) {
      throw new Error(`score without an accepted contribution ${messageId}`);
    }
    const contribution = {
      messageId: accepted.id,
      playerId: accepted.speakerId,
      text: accepted.text,
      cites: accepted.cites,
    };
    const index = vector ? this.index.withQueryVector(accepted.text, vector) : this.index;
    const deterministic = this.timed('judge', () => {
      const score = scoreContribution({ state: this.state, contribution, index });
      if (!this.index.has(accepted.id)) {
        this.index.add({
          messageId: accepted.id,
          speakerId: contribution.playerId,
          text: accepted.text,
          ...(vector ? { vector } : {}),
        });
      }
      return score;
    });
    const cause = this.state.lastEventId;
    const state = this.state;
    const turn = accepted.turn;
    const outcomes = hasModelJudges(this.panel)
      ? askPanel(this.panel, (judge, i) =>
          judge.score({ state, contribution, rng: this.rng(`turn:${turn}:judge:${i}`) }),
        )
      : Promise.resolve(this.panel.members.map(() => null));
    this.startBackground(
      outcomes.then((answers) => () => {
        for (const o of answers) if (o) this.recordOutcome('judge', null, 'score', o, cause);
        this.emit(
          'contribution_scored',
          scoredPayload(
            { messageId: contribution.messageId, playerId: contribution.playerId, turn },
            deterministic,
            answers,
            this.panel.specs,
            this.seatModel(contribution.playerId),
          ),
          cause,
        );
      }),
    );
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
    this.recordTruth(filed, 1);
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
      this.seatModel(accusation.accusedId),
      'defend',
      () =>
        this.agentFor(accusation.accusedId).defend({
          state: playerView(this.state, accusation.accusedId),
          playerId: accusation.accusedId,
          attempt: 1,
          feedback: [],
          rng: this.rng(`turn:${turn}:defence`),
          accusation,
        }),
      this.state.lastEventId,
    );
    if (reply !== null) {
      this.emit('defence_given', {
        accusationId: accusation.id,
        playerId: accusation.accusedId,
        text: reply.text,
        messageId: nextMessageId(this.state),
      });
    }
    return 'verdict';
  }

  private async verdict(): Promise<Route> {
    const accusation = this.state.accusations[this.state.accusations.length - 1];
    if (!accusation) throw new Error('verdict without an accusation');
    const defence = accusation.defenceMessageId
      ? messageById(this.state, accusation.defenceMessageId)
      : undefined;
    const check = this.pendingCheck;
    if (!check) throw new Error('verdict without an evidence check');
    this.pendingCheck = null;
    const deterministic = this.timed('judge', () =>
      judgeAccusation({
        accusation,
        evidenceCheck: check,
        defenceText: defence?.text ?? '',
        state: this.state,
      }),
    );
    let decision = deterministic;
    if (hasModelJudges(this.panel) && check.valid) {
      const state = this.state;
      const turn = this.state.turn;
      const outcomes = await this.timedModels(() =>
        askPanel(this.panel, (judge, i) =>
          judge.rule({
            state,
            accusation,
            evidence: check,
            defenceText: defence?.text ?? '',
            rng: this.rng(`turn:${turn}:verdict:${i}`),
          }),
        ),
      );
      const cause = this.state.lastEventId;
      for (const o of outcomes) if (o) this.recordOutcome('judge', null, 'verdict', o, cause);
      decision = panelVerdict(
        deterministic,
        check.valid,
        outcomes,
        this.state.spec.rules.accusations,
      );
    }
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
    const eliminationMessageId = nextMessageId(this.state);
    const eliminated = this.emit(
      'player_eliminated',
      {
        playerId,
        turn: this.state.turn,
        round: this.state.round,
        cause,
        reasoning,
        standing: standing ?? (player && player.turns > 0 ? player.points / player.turns : 0),
        messageId: eliminationMessageId,
      },
      causeEvent?.id ?? null,
    );
    const words = await this.call(
      'player',
      playerId,
      this.seatModel(playerId),
      'final_words',
      () =>
        this.agentFor(playerId).finalWords({
          state: playerView(this.state, playerId),
          playerId,
          attempt: 1,
          feedback: [],
          rng: this.rng(`turn:${this.state.turn}:final:${playerId}`),
          reasoning,
        }),
      eliminated.id,
    );
    let subject = eliminationMessageId;
    let narrationCause: GameEvent = eliminated;
    if (words !== null) {
      subject = nextMessageId(this.state);
      narrationCause = this.emit(
        'final_words',
        { playerId, text: words.text, messageId: subject },
        eliminated.id,
      );
    }
    await this.narrate('elimination', narrationCause, {
      messageId: subject,
      playerIds: [playerId],
    });
  }

  private async afterTurn(): Promise<Route> {
    this.pendingAction = null;
    let end = this.survivorEnd();
    if (!end && isRoundComplete(this.state)) {
      // Round checks need every score of the round.
      await this.settle();
      end = await this.roundCheck();
    }
    end ??= this.survivorEnd();
    if (end) {
      await this.finish(end);
      return 'done';
    }
    await this.commit();
    return 'checkEnd';
  }

  private survivorEnd(): EndDecision | null {
    return survivorEnd(this.state);
  }

  private async roundCheck(): Promise<EndDecision | null> {
    const round = this.state.round;
    const deterministic = this.timed('judge', () => checkSolved(this.state));
    let solved = deterministic;
    const minRounds = this.state.spec.rules.solved.minRounds;
    if (hasModelJudges(this.panel) && round >= minRounds) {
      const state = this.state;
      const outcomes = await this.timedModels(() =>
        askPanel(this.panel, (judge, i) =>
          judge.checkSolved({
            state,
            coverage: deterministic.coverage,
            rng: this.rng(`round:${round}:solved:${i}`),
          }),
        ),
      );
      const cause = this.state.lastEventId;
      for (const o of outcomes) if (o) this.recordOutcome('judge', null, 'solved', o, cause);
      solved = panelSolved(deterministic, outcomes, { reached: true, round: minRounds });
    }
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
    await this.settle();
    await this.narrate('closing', null);
    await this.recordChampionMemories(end);
    this.emitEnd(end);
    await this.commit();
  }

  /**
   * The winner's and every beaten champion's new memory, in the batch that ends the game (a
   * crash before it is stored distils again on resume).
   */
  private async recordChampionMemories(end: EndDecision): Promise<void> {
    const cause = this.state.lastEventId;
    const models = modelRuntimeOf(this.services);
    const updates = await this.timedModels(() =>
      distilChampionMemories(this.state, end.reason, models),
    );
    for (const { call, payload } of updates) {
      if (call) this.recordOutcome('summariser', null, CHAMPION_MEMORY_PURPOSE, call, cause);
      this.emit('champion_memory_updated', payload, cause);
    }
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
      speaking: speakingShare(this.state),
    });
  }

  /**
   * A spent budget ends the game where it stands (the turn in flight is recorded as far as it
   * got); any other failure drops the turn in flight and ends the game with reason `aborted`.
   */
  private async abortOnError(cause: unknown): Promise<void> {
    this.background = [];
    if (isBudgetExceeded(cause) && this.state.status !== 'ended') {
      this.emitEnd({ reason: 'aborted', detail: cause.message, abortCause: 'budget' });
      await this.commit();
      await this.flushed();
      return;
    }
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
