import type {
  AccusationState,
  Dimension,
  EndReason,
  EventOf,
  GameEvent,
  Phase,
  Standing,
  VerdictKind,
} from '@arena/models';

/** One seat as the dashboard shows it. */
export interface PlayerView {
  id: string;
  seat: number;
  name: string;
  characterId: string;
  archetype: string;
  model: string;
  /** Picture of the character when its profile names one (`avatar`, an http(s) or data URL). */
  avatarUrl: string | null;
  status: 'active' | 'eliminated';
  /** Judge points so far (hidden from players; spectators only). */
  points: number;
  /** Turns taken: contributions, accusations and forfeits. */
  turns: number;
  eliminatedTurn: number | null;
}

export type EntryKind =
  | 'contribution'
  | 'accusation'
  | 'defence'
  | 'verdict'
  | 'elimination'
  | 'final_words'
  | 'narrator'
  | 'forfeit';

/** One line of the transcript: a public message, or a forfeited turn. */
export interface TranscriptEntry {
  /** Unique within the game: the message id, or `forfeit-<seq>`. */
  key: string;
  /** The transcript message id (`M12`); null for forfeits, which are not messages. */
  messageId: string | null;
  kind: EntryKind;
  turn: number;
  /** Player who spoke; null for officials (judge, narrator). */
  speakerId: string | null;
  text: string;
  /** Message ids this entry cites (contributions build on them; accusations quote them). */
  cites: string[];
  /** Seq of the event that added it. */
  seq: number;
  /** Accusation this entry belongs to (accusation, defence or verdict). */
  accusationId?: string;
  /** Narrator lines: what prompted the line. */
  trigger?: string;
  /** Eliminations: the player out, why, and their standing then. */
  elimination?: {
    playerId: string;
    cause: 'lowest_standing' | 'proven_accusation';
    standing: number;
    round: number;
  };
  /** Verdicts: the ruling. */
  verdict?: { verdict: VerdictKind; confidence: number };
  /** Forfeits: why the turn was lost. */
  forfeitReason?: string;
}

export interface EvidenceFinding {
  messageId: string;
  quote: string;
  found: boolean;
  reason: string;
}

/**
 * An accusation and everything that followed it: the engine's accusation state (its evidence
 * check is null until it ran) with the check's findings and the verdict's message.
 */
export interface AccusationView extends AccusationState {
  findings: EvidenceFinding[];
  verdictMessageId: string | null;
}

/** A judge's score of one contribution (spectators only). */
export interface ScoreView {
  seq: number;
  turn: number;
  playerId: string;
  messageId: string;
  phase: Phase;
  points: number;
  scores: Record<Dimension, number>;
  rationales: Record<Dimension, string>;
  judge: string;
  agreement: number | null;
  detectors: string[];
}

/** Why the turn policy gave a player the floor (hidden from players). */
export interface PolicyView {
  seq: number;
  turn: number;
  playerId: string;
  policy: string;
  reasoning: string;
  candidates: Array<{ playerId: string; weight: number }>;
  bids: Array<{ playerId: string; urgency: number; reason: string }>;
}

/** A player's points right after they changed, for the scores-over-time chart. */
export interface PointSample {
  seq: number;
  turn: number;
  playerId: string;
  points: number;
}

export interface GameEndView {
  reason: EndReason;
  detail: string;
  winnerId: string | null;
  standings: Standing[];
}

/** Everything the dashboard shows of one game: a fold over its events. */
export interface GameModel {
  gameId: string;
  scenario: { id: string; title: string; problem: string };
  mode: string;
  policy: string;
  maxTurns: number;
  seed: number;
  forkOf: { gameId: string; turn: number } | null;
  status: 'running' | 'ended';
  turn: number;
  round: number;
  phase: Phase;
  /** Player holding the floor in the current turn. */
  speakerId: string | null;
  players: PlayerView[];
  transcript: TranscriptEntry[];
  accusations: AccusationView[];
  scores: ScoreView[];
  policyLog: PolicyView[];
  timeline: PointSample[];
  /** Proposals the anti-repetition gate sent back. */
  rejections: number;
  usage: { calls: number; tokens: number; usd: number };
  ended: GameEndView | null;
  /** Seq of the last event folded in (events at or below it are ignored as repeats). */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

function avatarOf(profile: unknown): string | null {
  const avatar = (profile as { avatar?: unknown }).avatar;
  return typeof avatar === 'string' && /^(https?:|data:image\/)/.test(avatar) ? avatar : null;
}

function created(event: EventOf<'game_created'>): GameModel {
  const { spec, forkOf } = event.payload;
  return {
    gameId: event.gameId,
    scenario: { id: spec.scenario.id, title: spec.scenario.title, problem: spec.scenario.problem },
    mode: spec.mode,
    policy: spec.policy,
    maxTurns: spec.maxTurns,
    seed: spec.seed,
    forkOf: forkOf ?? null,
    status: 'running',
    turn: 0,
    round: 1,
    phase: 'early',
    speakerId: null,
    players: spec.seats.map((s) => ({
      id: s.playerId,
      seat: s.seat,
      name: s.profile.name,
      characterId: s.profile.id,
      archetype: s.profile.archetype,
      model: s.model,
      avatarUrl: avatarOf(s.profile),
      status: 'active',
      points: 0,
      turns: 0,
      eliminatedTurn: null,
    })),
    transcript: [],
    accusations: [],
    scores: [],
    policyLog: [],
    timeline: [],
    rejections: 0,
    usage: { calls: 0, tokens: 0, usd: 0 },
    ended: null,
    lastSeq: event.seq,
    createdAt: event.ts,
    updatedAt: event.ts,
  };
}

const updatePlayer = (
  m: GameModel,
  id: string,
  update: (p: PlayerView) => PlayerView,
): PlayerView[] => m.players.map((p) => (p.id === id ? update(p) : p));

const takeTurn = (m: GameModel, id: string): PlayerView[] =>
  updatePlayer(m, id, (p) => ({ ...p, turns: p.turns + 1 }));

const updateAccusation = (
  m: GameModel,
  id: string,
  patch: Partial<AccusationView>,
): AccusationView[] => m.accusations.map((a) => (a.id === id ? { ...a, ...patch } : a));

function sample(m: GameModel, seq: number, playerId: string): PointSample[] {
  const player = m.players.find((p) => p.id === playerId);
  if (!player) return m.timeline;
  return [...m.timeline, { seq, turn: m.turn, playerId, points: player.points }];
}

/** A false accuser loses `1 - factor` of its points' magnitude (as the engine applies it). */
function penalised(points: number, factor: number): number {
  return points - Math.abs(points) * (1 - factor);
}

function entry(m: GameModel, e: Omit<TranscriptEntry, 'cites'> & { cites?: string[] }) {
  return [...m.transcript, { ...e, cites: e.cites ?? [] }];
}

/** Apply an event after `game_created`. */
function next(m: GameModel, event: GameEvent): GameModel {
  const seq = event.seq;
  switch (event.type) {
    case 'game_created':
      return m;
    case 'turn_started':
      return { ...m, turn: event.payload.turn, round: event.payload.round, speakerId: null };
    case 'speaker_selected': {
      const p = event.payload;
      return {
        ...m,
        speakerId: p.playerId,
        policyLog: [
          ...m.policyLog,
          {
            seq,
            turn: p.turn,
            playerId: p.playerId,
            policy: p.policy,
            reasoning: p.reasoning,
            candidates: p.candidates,
            bids: p.bids ?? [],
          },
        ],
      };
    }
    case 'contribution_rejected':
      return { ...m, rejections: m.rejections + 1 };
    case 'contribution_accepted': {
      const p = event.payload;
      return {
        ...m,
        players: takeTurn(m, p.playerId),
        transcript: entry(m, {
          key: p.messageId,
          messageId: p.messageId,
          kind: 'contribution',
          turn: p.turn,
          speakerId: p.playerId,
          text: p.text,
          cites: p.cites,
          seq,
        }),
      };
    }
    case 'turn_forfeited': {
      const p = event.payload;
      return {
        ...m,
        players: takeTurn(m, p.playerId),
        transcript: entry(m, {
          key: `forfeit-${seq}`,
          messageId: null,
          kind: 'forfeit',
          turn: p.turn,
          speakerId: p.playerId,
          text: p.detail,
          forfeitReason: p.reason,
          seq,
        }),
      };
    }
    case 'contribution_scored': {
      const p = event.payload;
      const scored: GameModel = {
        ...m,
        players: updatePlayer(m, p.playerId, (pl) => ({ ...pl, points: pl.points + p.points })),
        scores: [
          ...m.scores,
          {
            seq,
            turn: p.turn,
            playerId: p.playerId,
            messageId: p.messageId,
            phase: p.phase,
            points: p.points,
            scores: p.scores,
            rationales: p.rationales,
            judge: p.judge,
            agreement: p.agreement ?? null,
            detectors: p.detectorHits.map((h) => h.detector),
          },
        ],
      };
      return { ...scored, timeline: sample(scored, seq, p.playerId) };
    }
    case 'accusation_filed': {
      const p = event.payload;
      return {
        ...m,
        players: takeTurn(m, p.accuserId),
        transcript: entry(m, {
          key: p.messageId,
          messageId: p.messageId,
          kind: 'accusation',
          turn: p.turn,
          speakerId: p.accuserId,
          text: p.claim,
          cites: p.evidence.map((e) => e.messageId),
          accusationId: p.accusationId,
          seq,
        }),
        accusations: [
          ...m.accusations,
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
            findings: [],
            defenceMessageId: null,
            verdict: null,
            verdictMessageId: null,
          },
        ],
      };
    }
    case 'evidence_checked':
      return {
        ...m,
        accusations: updateAccusation(m, event.payload.accusationId, {
          evidenceValid: event.payload.valid,
          findings: event.payload.findings,
        }),
      };
    case 'defence_given': {
      const p = event.payload;
      const accusation = m.accusations.find((a) => a.id === p.accusationId);
      return {
        ...m,
        transcript: entry(m, {
          key: p.messageId,
          messageId: p.messageId,
          kind: 'defence',
          turn: m.turn,
          speakerId: p.playerId,
          text: p.text,
          cites: accusation ? [accusation.messageId] : [],
          accusationId: p.accusationId,
          seq,
        }),
        accusations: updateAccusation(m, p.accusationId, { defenceMessageId: p.messageId }),
      };
    }
    case 'verdict_reached': {
      const p = event.payload;
      const accusation = m.accusations.find((a) => a.id === p.accusationId);
      const factor = p.accuserPenaltyFactor;
      const penalise = accusation !== undefined && factor !== null;
      const ruled: GameModel = {
        ...m,
        players: penalise
          ? updatePlayer(m, accusation.accuserId, (pl) => ({
              ...pl,
              points: penalised(pl.points, factor),
            }))
          : m.players,
        transcript: entry(m, {
          key: p.messageId,
          messageId: p.messageId,
          kind: 'verdict',
          turn: m.turn,
          speakerId: null,
          text: p.reasoning,
          cites: accusation ? [accusation.messageId] : [],
          accusationId: p.accusationId,
          verdict: { verdict: p.verdict, confidence: p.confidence },
          seq,
        }),
        accusations: updateAccusation(m, p.accusationId, {
          verdict: p.verdict,
          verdictMessageId: p.messageId,
        }),
      };
      return penalise ? { ...ruled, timeline: sample(ruled, seq, accusation.accuserId) } : ruled;
    }
    case 'player_eliminated': {
      const p = event.payload;
      return {
        ...m,
        players: updatePlayer(m, p.playerId, (pl) => ({
          ...pl,
          status: 'eliminated',
          eliminatedTurn: p.turn,
        })),
        transcript: entry(m, {
          key: p.messageId,
          messageId: p.messageId,
          kind: 'elimination',
          turn: p.turn,
          speakerId: null,
          text: p.reasoning,
          elimination: {
            playerId: p.playerId,
            cause: p.cause,
            standing: p.standing,
            round: p.round,
          },
          seq,
        }),
      };
    }
    case 'final_words':
      return {
        ...m,
        transcript: entry(m, {
          key: event.payload.messageId,
          messageId: event.payload.messageId,
          kind: 'final_words',
          turn: m.turn,
          speakerId: event.payload.playerId,
          text: event.payload.text,
          seq,
        }),
      };
    case 'narrator_line':
      return {
        ...m,
        transcript: entry(m, {
          key: event.payload.messageId,
          messageId: event.payload.messageId,
          kind: 'narrator',
          turn: event.payload.turn,
          speakerId: null,
          text: event.payload.text,
          trigger: event.payload.trigger,
          seq,
        }),
      };
    case 'phase_changed':
      return { ...m, phase: event.payload.to };
    case 'round_ended':
      return { ...m, round: event.payload.round + 1 };
    case 'model_call': {
      const { usage, costUsd } = event.payload;
      return {
        ...m,
        usage: {
          calls: m.usage.calls + 1,
          tokens: m.usage.tokens + usage.inputTokens + usage.outputTokens,
          usd: m.usage.usd + costUsd,
        },
      };
    }
    case 'game_ended': {
      const p = event.payload;
      return {
        ...m,
        status: 'ended',
        speakerId: null,
        ended: {
          reason: p.reason,
          detail: p.detail,
          winnerId: p.winnerId,
          standings: p.standings,
        },
      };
    }
    default:
      // contribution_proposed, problem_checked, summary_written, call_failed, ground_truth,
      // champion_memory_updated: nothing the dashboard shows.
      return m;
  }
}

/**
 * Fold one event into the model (pure). The first event must be `game_created`; an event whose
 * seq is not after the model's `lastSeq` (a repeat after a reconnect) leaves the model as is.
 *
 * @throws Error when the first event is not `game_created`.
 */
export function applyGameEvent(model: GameModel | null, event: GameEvent): GameModel {
  if (!model) {
    if (event.type !== 'game_created') {
      throw new Error(`a game's first event must be game_created, not ${event.type}`);
    }
    return created(event);
  }
  if (event.seq <= model.lastSeq) return model;
  const after = next(model, event);
  return { ...after, lastSeq: event.seq, updatedAt: event.ts };
}

/** Fold a game's events (in seq order) into its model; null for no events. */
export function foldGameEvents(events: readonly GameEvent[]): GameModel | null {
  let model: GameModel | null = null;
  for (const event of events) model = applyGameEvent(model, event);
  return model;
}

/** A player's standing: points per turn taken, so speaking order does not decide games. */
export function standingOf(player: Pick<PlayerView, 'points' | 'turns'>): number {
  return player.turns === 0 ? 0 : player.points / player.turns;
}

/** One row of the standings table. */
export interface StandingRow {
  place: number;
  playerId: string;
  name: string;
  status: 'active' | 'eliminated';
  points: number;
  turns: number;
  standing: number;
}

/**
 * Standings: the recorded final ones once the game has ended; meanwhile active players by
 * standing (ties by seat), then eliminated players, most recently eliminated first.
 */
export function standingsOf(model: GameModel): StandingRow[] {
  if (model.ended && model.ended.standings.length > 0) {
    return model.ended.standings.map((s) => ({
      place: s.place,
      playerId: s.playerId,
      name: s.name,
      status: s.status,
      points: s.points,
      turns: s.turns,
      standing: s.standing,
    }));
  }
  const eliminatedOrder = model.transcript
    .filter((e) => e.kind === 'elimination' && e.elimination)
    .map((e) => e.elimination?.playerId);
  const active = model.players
    .filter((p) => p.status === 'active')
    .sort((a, b) => standingOf(b) - standingOf(a) || a.seat - b.seat);
  const out = [...eliminatedOrder]
    .reverse()
    .map((id) => model.players.find((p) => p.id === id))
    .filter((p): p is PlayerView => p !== undefined);
  return [...active, ...out].map((p, i) => ({
    place: i + 1,
    playerId: p.id,
    name: p.name,
    status: p.status,
    points: p.points,
    turns: p.turns,
    standing: standingOf(p),
  }));
}

/** The player with this id, if the game has one. */
export function playerOf(model: GameModel, id: string | null): PlayerView | undefined {
  return id === null ? undefined : model.players.find((p) => p.id === id);
}
