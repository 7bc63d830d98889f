import type { GameSpec } from './config';
import { ArenaError } from './errors';
import type {
  AccusationKind,
  Evidence,
  EndReason,
  GameEvent,
  PayloadOf,
  Standing,
  VerdictKind,
} from './events';
import type { Phase } from './rules';
import { MODELS_ERROR_CODES } from './validation';

export type MessageKind =
  | 'contribution'
  | 'accusation'
  | 'defence'
  | 'verdict'
  | 'elimination'
  | 'final_words'
  | 'narrator';

/** One public line of the transcript that players read. */
export interface TranscriptMessage {
  id: string;
  kind: MessageKind;
  turn: number;
  /** Player id for player messages; null for officials (judge, narrator). */
  speakerId: string | null;
  text: string;
  cites: string[];
}

export interface PlayerState {
  id: string;
  seat: number;
  name: string;
  characterId: string;
  model: string;
  status: 'active' | 'eliminated';
  points: number;
  /** Turns taken: accepted contributions, accusations and forfeits. */
  turns: number;
  forfeits: number;
  accusationsFiled: number;
  lastScore: number | null;
  /**
   * How much risk the player takes: a running average (half-life of one contribution) of the
   * larger of its radical-idea and manipulation scores; null before its first score. Hidden
   * from players like every score.
   */
  risk: number | null;
  lastSpokeTurn: number | null;
  eliminatedTurn: number | null;
  /** What this seat's model calls have used so far. */
  usage: Spend;
}

/** Tokens (input + output) and money spent on model calls. */
export interface Spend {
  tokens: number;
  usd: number;
}

export interface AccusationState {
  id: string;
  turn: number;
  accuserId: string;
  accusedId: string;
  kind: AccusationKind;
  claim: string;
  evidence: Evidence[];
  confidence: number;
  messageId: string;
  evidenceValid: boolean | null;
  defenceMessageId: string | null;
  verdict: VerdictKind | null;
}

/** Progress of the turn being played (lets a resumed game continue mid-turn). */
export interface CurrentTurn {
  turn: number;
  round: number;
  speakerId: string | null;
  /** Proposals made so far in this turn. */
  attempts: number;
  /** Gate feedback given to the speaker in this turn, oldest first. */
  feedback: string[];
  /** Set once the turn's action is settled (accepted, accused or forfeited). */
  outcome: 'contribution' | 'accusation' | 'forfeit' | null;
  /** The accepted contribution's message id, once accepted. */
  messageId: string | null;
  scored: boolean;
  accusationId: string | null;
}

export interface GameEnd {
  reason: EndReason;
  detail: string;
  /** Why an `aborted` game stopped; null for every other reason. */
  abortCause: 'operator_stop' | 'budget' | 'error' | null;
  winnerId: string | null;
  standings: Standing[];
}

export interface GameState {
  gameId: string;
  spec: GameSpec;
  status: 'running' | 'ended';
  players: PlayerState[];
  /** Last turn started (0 before the first). */
  turn: number;
  round: number;
  /** Players who have had the floor since the last round check. */
  roundSpeakers: string[];
  roundStartTurn: number;
  phase: Phase;
  messages: TranscriptMessage[];
  accusations: AccusationState[];
  /** Best coverage reached so far per sub-problem. */
  coverage: Record<string, number>;
  current: CurrentTurn | null;
  /** Turn of the last narrator line. */
  lastNarratedTurn: number;
  eliminationOrder: string[];
  modelCalls: number;
  /** Everything the game's model calls have used, officials included. */
  usage: Spend;
  /** Timestamp of `game_created` and of the latest event (ISO-8601, the injected clock). */
  createdAt: string;
  updatedAt: string;
  /** Rolling summary of `messages[0 .. through)`, written off the critical path. */
  summary: { text: string; through: number } | null;
  /** Accepted contributions whose score is not recorded yet, oldest first. */
  unscored: string[];
  lastSeq: number;
  lastEventId: string;
  ended: GameEnd | null;
}

function initialState(event: Extract<GameEvent, { type: 'game_created' }>): GameState {
  const spec = event.payload.spec;
  return {
    gameId: event.gameId,
    spec,
    status: 'running',
    players: spec.seats.map((s) => ({
      id: s.playerId,
      seat: s.seat,
      name: s.profile.name,
      characterId: s.profile.id,
      model: s.model,
      status: 'active',
      points: 0,
      turns: 0,
      forfeits: 0,
      accusationsFiled: 0,
      lastScore: null,
      risk: null,
      lastSpokeTurn: null,
      eliminatedTurn: null,
      usage: { tokens: 0, usd: 0 },
    })),
    turn: 0,
    round: 1,
    roundSpeakers: [],
    roundStartTurn: 1,
    phase: 'early',
    messages: [],
    accusations: [],
    coverage: Object.fromEntries(spec.scenario.subProblems.map((sp) => [sp.id, 0])),
    current: null,
    lastNarratedTurn: 0,
    eliminationOrder: [],
    modelCalls: 0,
    usage: { tokens: 0, usd: 0 },
    createdAt: event.ts,
    updatedAt: event.ts,
    summary: null,
    unscored: [],
    lastSeq: event.seq,
    lastEventId: event.id,
    ended: null,
  };
}

function updatePlayer(
  state: GameState,
  id: string,
  update: (p: PlayerState) => PlayerState,
): PlayerState[] {
  if (!state.players.some((p) => p.id === id)) {
    throw new ArenaError(`Event refers to unknown player ${id}`, {
      code: MODELS_ERROR_CODES.INVALID_EVENT,
      details: { playerId: id },
    });
  }
  return state.players.map((p) => (p.id === id ? update(p) : p));
}

function addMessage(
  state: GameState,
  message: Omit<TranscriptMessage, 'cites'> & { cites?: string[] },
): TranscriptMessage[] {
  return [...state.messages, { ...message, cites: message.cites ?? [] }];
}

function updateCurrent(state: GameState, patch: Partial<CurrentTurn>): CurrentTurn | null {
  return state.current ? { ...state.current, ...patch } : null;
}

function takeTurn(state: GameState, playerId: string, turn: number): PlayerState[] {
  return updatePlayer(state, playerId, (p) => ({ ...p, turns: p.turns + 1, lastSpokeTurn: turn }));
}

/**
 * A false accuser loses `1 - factor` of its points' magnitude: positive points are scaled down,
 * negative points (possible when manipulation is penalised) move further below zero.
 */
export function penalisedPoints(points: number, factor: number): number {
  return points - Math.abs(points) * (1 - factor);
}

function assertActive(state: GameState, id: string): Record<string, never> {
  const player = state.players.find((p) => p.id === id);
  if (player && player.status !== 'active') {
    throw new ArenaError(`Player ${id} is already eliminated`, {
      code: MODELS_ERROR_CODES.INVALID_EVENT,
      details: { playerId: id },
    });
  }
  return {};
}

type Handlers = {
  [T in GameEvent['type']]: (state: GameState, payload: PayloadOf<T>) => GameState;
};

const handlers: Omit<Handlers, 'game_created'> = {
  turn_started: (s, p) => ({
    ...s,
    turn: p.turn,
    round: p.round,
    current: {
      turn: p.turn,
      round: p.round,
      speakerId: null,
      attempts: 0,
      feedback: [],
      outcome: null,
      messageId: null,
      scored: false,
      accusationId: null,
    },
  }),
  speaker_selected: (s, p) => ({
    ...s,
    roundSpeakers: s.roundSpeakers.includes(p.playerId)
      ? s.roundSpeakers
      : [...s.roundSpeakers, p.playerId],
    current: updateCurrent(s, { speakerId: p.playerId }),
  }),
  contribution_proposed: (s, p) => ({ ...s, current: updateCurrent(s, { attempts: p.attempt }) }),
  contribution_rejected: (s, p) => ({
    ...s,
    current: updateCurrent(s, { feedback: [...(s.current?.feedback ?? []), p.feedback] }),
  }),
  contribution_accepted: (s, p) => ({
    ...s,
    players: takeTurn(s, p.playerId, p.turn),
    messages: addMessage(s, {
      id: p.messageId,
      kind: 'contribution',
      turn: p.turn,
      speakerId: p.playerId,
      text: p.text,
      cites: p.cites,
    }),
    unscored: [...s.unscored, p.messageId],
    current: updateCurrent(s, { outcome: 'contribution', messageId: p.messageId }),
  }),
  turn_forfeited: (s, p) => ({
    ...s,
    players: updatePlayer({ ...s, players: takeTurn(s, p.playerId, p.turn) }, p.playerId, (pl) => ({
      ...pl,
      forfeits: pl.forfeits + 1,
      lastScore: 0,
    })),
    current: updateCurrent(s, { outcome: 'forfeit' }),
  }),
  contribution_scored: (s, p) => ({
    ...s,
    players: updatePlayer(s, p.playerId, (pl) => ({
      ...pl,
      points: pl.points + p.points,
      lastScore: p.points,
      risk: riskAfter(pl.risk, Math.max(p.scores.radical_idea, p.scores.manipulation)),
    })),
    coverage: Object.fromEntries(
      Object.entries(s.coverage).map(([id, c]) => [id, Math.max(c, p.coverage[id] ?? 0)]),
    ),
    unscored: s.unscored.filter((id) => id !== p.messageId),
    // A score may arrive during the next turn (scoring overlaps the next speaker's call).
    current: s.current?.turn === p.turn ? updateCurrent(s, { scored: true }) : s.current,
  }),
  accusation_filed: (s, p) => {
    const withTurn = { ...s, players: takeTurn(s, p.accuserId, p.turn) };
    return {
      ...s,
      players: updatePlayer(withTurn, p.accuserId, (pl) => ({
        ...pl,
        accusationsFiled: pl.accusationsFiled + 1,
        lastScore: 0,
      })),
      messages: addMessage(s, {
        id: p.messageId,
        kind: 'accusation',
        turn: p.turn,
        speakerId: p.accuserId,
        text: p.claim,
        cites: p.evidence.map((e) => e.messageId),
      }),
      accusations: [
        ...s.accusations,
        {
          id: p.accusationId,
          turn: p.turn,
          accuserId: p.accuserId,
          accusedId: p.accusedId,
          kind: p.kind,
          claim: p.claim,
          evidence: p.evidence,
          confidence: p.confidence,
          messageId: p.messageId,
          evidenceValid: null,
          defenceMessageId: null,
          verdict: null,
        },
      ],
      current: updateCurrent(s, { outcome: 'accusation', accusationId: p.accusationId }),
    };
  },
  evidence_checked: (s, p) => ({
    ...s,
    accusations: s.accusations.map((a) =>
      a.id === p.accusationId ? { ...a, evidenceValid: p.valid } : a,
    ),
  }),
  defence_given: (s, p) => ({
    ...s,
    messages: addMessage(s, {
      id: p.messageId,
      kind: 'defence',
      turn: s.turn,
      speakerId: p.playerId,
      text: p.text,
    }),
    accusations: s.accusations.map((a) =>
      a.id === p.accusationId ? { ...a, defenceMessageId: p.messageId } : a,
    ),
  }),
  verdict_reached: (s, p) => {
    const accusation = s.accusations.find((a) => a.id === p.accusationId);
    const factor = p.accuserPenaltyFactor;
    return {
      ...s,
      players:
        accusation && factor !== null
          ? updatePlayer(s, accusation.accuserId, (pl) => ({
              ...pl,
              points: penalisedPoints(pl.points, factor),
            }))
          : s.players,
      messages: addMessage(s, {
        id: p.messageId,
        kind: 'verdict',
        turn: s.turn,
        speakerId: null,
        text: p.reasoning,
        cites: accusation ? [accusation.messageId] : [],
      }),
      accusations: s.accusations.map((a) =>
        a.id === p.accusationId ? { ...a, verdict: p.verdict } : a,
      ),
    };
  },
  player_eliminated: (s, p) => ({
    ...s,
    ...assertActive(s, p.playerId),
    players: updatePlayer(s, p.playerId, (pl) => ({
      ...pl,
      status: 'eliminated',
      eliminatedTurn: p.turn,
    })),
    roundSpeakers: s.roundSpeakers.filter((id) => id !== p.playerId),
    eliminationOrder: [...s.eliminationOrder, p.playerId],
    messages: addMessage(s, {
      id: p.messageId,
      kind: 'elimination',
      turn: p.turn,
      speakerId: null,
      text: p.reasoning,
    }),
  }),
  final_words: (s, p) => ({
    ...s,
    messages: addMessage(s, {
      id: p.messageId,
      kind: 'final_words',
      turn: s.turn,
      speakerId: p.playerId,
      text: p.text,
    }),
  }),
  narrator_line: (s, p) => ({
    ...s,
    lastNarratedTurn: p.turn,
    messages: addMessage(s, {
      id: p.messageId,
      kind: 'narrator',
      turn: p.turn,
      speakerId: null,
      text: p.text,
    }),
  }),
  phase_changed: (s, p) => ({ ...s, phase: p.to }),
  round_ended: (s, p) => ({
    ...s,
    round: p.round + 1,
    roundSpeakers: [],
    roundStartTurn: p.turn + 1,
  }),
  problem_checked: (s) => s,
  model_call: (s, p) => {
    const tokens = p.usage.inputTokens + p.usage.outputTokens;
    const add = (u: Spend): Spend => ({ tokens: u.tokens + tokens, usd: u.usd + p.costUsd });
    return {
      ...s,
      modelCalls: s.modelCalls + 1,
      usage: add(s.usage),
      // A call made for a seat (its turn, its defence, its bid) counts against that seat.
      players: p.playerId
        ? updatePlayer(s, p.playerId, (pl) => ({ ...pl, usage: add(pl.usage) }))
        : s.players,
    };
  },
  summary_written: (s, p) => ({ ...s, summary: { text: p.text, through: p.through } }),
  call_failed: (s) => s,
  // Ground truth is for measurement only: no role's view of the game may depend on it.
  ground_truth: (s) => s,
  // A memory change concerns the character's later games, not this one's state.
  champion_memory_updated: (s) => s,
  game_ended: (s, p) => ({
    ...s,
    status: 'ended',
    current: null,
    ended: {
      reason: p.reason,
      detail: p.detail,
      abortCause: p.abortCause,
      winnerId: p.winnerId,
      standings: p.standings,
    },
  }),
};

function outOfOrder(message: string, event: GameEvent): ArenaError {
  return new ArenaError(message, {
    code: MODELS_ERROR_CODES.EVENT_OUT_OF_ORDER,
    details: { gameId: event.gameId, seq: event.seq, type: event.type },
  });
}

/**
 * Apply one event to a state (pure). `state` is undefined only for the first event, which
 * must be `game_created` with sequence 0.
 */
export function applyEvent(state: GameState | undefined, event: GameEvent): GameState {
  if (!state) {
    if (event.type !== 'game_created' || event.seq !== 0) {
      throw outOfOrder(
        `A game log must start with game_created at seq 0, got ${event.type} at seq ${event.seq}`,
        event,
      );
    }
    return initialState(event);
  }
  if (event.gameId !== state.gameId) {
    throw outOfOrder(`Event for game ${event.gameId} applied to game ${state.gameId}`, event);
  }
  if (event.seq !== state.lastSeq + 1) {
    throw outOfOrder(`Expected seq ${state.lastSeq + 1}, got ${event.seq}`, event);
  }
  if (event.type === 'game_created') throw outOfOrder('game_created may only appear once', event);
  if (state.status === 'ended') throw outOfOrder(`Event ${event.type} after game_ended`, event);
  const handler = handlers[event.type] as (s: GameState, p: unknown) => GameState;
  const next = handler(state, event.payload);
  return { ...next, lastSeq: event.seq, lastEventId: event.id, updatedAt: event.ts };
}

/** Fold a whole log into the game state; throws on an empty or out-of-order log. */
export function foldGame(events: readonly GameEvent[]): GameState {
  let state: GameState | undefined;
  for (const e of events) state = applyEvent(state, e);
  if (!state) {
    throw new ArenaError('Cannot fold an empty event log', {
      code: MODELS_ERROR_CODES.INVALID_EVENT,
    });
  }
  return state;
}

/**
 * What player `viewer` may know of the game: the state with every judge score blanked (points,
 * latest scores, the judge's sub-problem coverage) and every other seat's champion memory
 * removed. Players never see scores (ARENA.md §3).
 */
export function playerView(state: GameState, viewer: string): GameState {
  return {
    ...state,
    // A champion's memory is its own: no other seat reads it, nor learns who carries one.
    spec: {
      ...state.spec,
      seats: state.spec.seats.map((seat) =>
        seat.playerId === viewer ? seat : { ...seat, memory: undefined, champion: undefined },
      ),
    },
    players: state.players.map((p) => ({ ...p, points: 0, lastScore: null, risk: null })),
    coverage: Object.fromEntries(Object.keys(state.coverage).map((id) => [id, 0])),
  };
}

/** The running risk average after one more scored contribution. */
function riskAfter(previous: number | null, latest: number): number {
  return previous === null ? latest : (previous + latest) / 2;
}

/** points / turns taken (forfeits count as turns), so speaking order does not decide games. */
export function standingOf(p: Pick<PlayerState, 'points' | 'turns'>): number {
  return p.turns === 0 ? 0 : p.points / p.turns;
}

export function activePlayers(state: GameState): PlayerState[] {
  return state.players.filter((p) => p.status === 'active');
}

export function playerById(state: GameState, id: string): PlayerState | undefined {
  return state.players.find((p) => p.id === id);
}

/**
 * The transcript message with this id. Ids are issued in order (`nextMessageId`), so `M<n>` is
 * looked up at position n - 1 first; a transcript numbered otherwise is searched in full.
 */
export function messageById(state: GameState, id: string): TranscriptMessage | undefined {
  const number = /^M([1-9]\d*)$/.exec(id)?.[1];
  const at = number === undefined ? undefined : state.messages[Number(number) - 1];
  if (at?.id === id) return at;
  return state.messages.find((m) => m.id === id);
}

/** Id for the next transcript message (`M1`, `M2`, …). */
export function nextMessageId(state: GameState, offset = 0): string {
  return `M${state.messages.length + 1 + offset}`;
}

/**
 * Final placement: active players by standing (best first), then eliminated players in reverse
 * order of elimination. Ties among active players break by seat.
 */
export function computeStandings(state: GameState): Standing[] {
  const active = activePlayers(state)
    .slice()
    .sort((a, b) => standingOf(b) - standingOf(a) || a.seat - b.seat);
  const eliminated = [...state.eliminationOrder]
    .reverse()
    .map((id) => state.players.find((p) => p.id === id))
    .filter((p): p is PlayerState => p !== undefined);
  return [...active, ...eliminated].map((p, i) => ({
    playerId: p.id,
    name: p.name,
    points: p.points,
    turns: p.turns,
    standing: standingOf(p),
    status: p.status,
    place: i + 1,
  }));
}
