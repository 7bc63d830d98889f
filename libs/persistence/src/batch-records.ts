import type { EndReason, EventOf, GameEvent, PayloadOf } from '@arena/models';
import { MESSAGE_EVENT_TYPES } from '@arena/models';
import type { EventBatch } from './event-batch';
import type { ChampionMemoryVersion, Placement } from './records';

/** A seat of a game, from its `game_created`; `place` and `status` are set by `game_ended`. */
export interface ParticipantRow {
  gameId: string;
  playerId: string;
  seat: number;
  characterId: string;
  name: string;
  model: string;
  place: number | null;
  status: Placement['status'] | null;
}

/** A seat's final placement, from `game_ended` (for a game created by an earlier batch). */
export interface PlacementChange {
  playerId: string;
  place: number;
  status: Placement['status'];
}

/** A public transcript message. */
export interface MessageRow {
  gameId: string;
  messageId: string;
  seq: number;
  /** Null when neither the event nor the batch tells the turn: the game's current turn applies. */
  turn: number | null;
  playerId: string | null;
  kind: (typeof MESSAGE_EVENT_TYPES)[number];
  text: string;
}

export interface ScoreRow {
  gameId: string;
  seq: number;
  turn: number;
  playerId: string;
  messageId: string;
  phase: string;
  points: number;
  scores: PayloadOf<'contribution_scored'>['scores'];
  judge: string;
}

export interface AccusationRow {
  gameId: string;
  accusationId: string;
  accuser: string;
  accused: string;
  /** The kind of accusation (`false_statement`, `prompt_injection`, …). */
  charge: string;
  claim: string;
  turn: number;
  /** The accuser's own confidence. */
  confidence: number;
  verdict: string | null;
  /** The judge's confidence in the verdict. */
  verdictConfidence: number | null;
}

/** A verdict on an accusation filed by an earlier batch. */
export interface VerdictChange {
  accusationId: string;
  verdict: string;
  verdictConfidence: number;
}

export interface EliminationRow {
  gameId: string;
  playerId: string;
  turn: number;
  round: number;
  cause: string;
  standing: number;
}

export interface ModelCallRow {
  gameId: string;
  seq: number;
  role: string;
  playerId: string | null;
  purpose: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  costUsd: number;
  attempts: number;
  failed: boolean;
}

/** A champion's memory change; the store numbers its version (previous + 1). */
export interface ChampionChange extends Omit<ChampionMemoryVersion, 'version'> {
  playerId: string;
  /** The seat's display name when the batch created the game; else read from participants. */
  name: string | null;
}

export interface SeriesGameLink {
  seriesId: string;
  round: number;
  index: number;
  gameId: string;
}

/** The end of a game, as ratings read it. */
export interface GameEnd {
  endReason: EndReason;
  endedAt: string;
  standings: PlacementChange[];
}

/** Every projection row one checked batch adds or changes, besides the game summary. */
export interface BatchRecords {
  participants: ParticipantRow[];
  placements: PlacementChange[];
  messages: MessageRow[];
  scores: ScoreRow[];
  accusations: AccusationRow[];
  verdicts: VerdictChange[];
  eliminations: EliminationRow[];
  modelCalls: ModelCallRow[];
  champions: ChampionChange[];
  seriesGame: SeriesGameLink | null;
  ended: GameEnd | null;
}

const MESSAGE_TYPES: ReadonlySet<string> = new Set(MESSAGE_EVENT_TYPES);

type MessageEvent = EventOf<(typeof MESSAGE_EVENT_TYPES)[number]>;

function isMessageEvent(event: GameEvent): event is MessageEvent {
  return MESSAGE_TYPES.has(event.type);
}

/** Who speaks a transcript message (null for officials) and what it says. */
function messageOf(event: MessageEvent): { playerId: string | null; text: string } {
  switch (event.type) {
    case 'contribution_accepted':
      return { playerId: event.payload.playerId, text: event.payload.text };
    case 'accusation_filed':
      return { playerId: event.payload.accuserId, text: event.payload.claim };
    case 'defence_given':
    case 'final_words':
      return { playerId: event.payload.playerId, text: event.payload.text };
    case 'verdict_reached':
    case 'player_eliminated':
      return { playerId: null, text: event.payload.reasoning };
    case 'narrator_line':
      return { playerId: null, text: event.payload.text };
  }
}

/** The seats of a `game_created` payload as participant rows. */
export function participantsOf(
  gameId: string,
  payload: PayloadOf<'game_created'>,
): ParticipantRow[] {
  return payload.spec.seats.map((seat) => ({
    gameId,
    playerId: seat.playerId,
    seat: seat.seat,
    characterId: seat.profile.id,
    name: seat.profile.name,
    model: seat.model,
    place: null,
    status: null,
  }));
}

/** The end of a game from its `game_ended` event. */
export function gameEndOf(event: EventOf<'game_ended'>): GameEnd {
  return {
    endReason: event.payload.reason,
    endedAt: event.ts,
    standings: event.payload.standings.map((s) => ({
      playerId: s.playerId,
      place: s.place,
      status: s.status,
    })),
  };
}

/**
 * Placements of a finished game: the seats that have a standing, best place first (then seat).
 * A seat missing from the standings has no placement.
 */
export function placementsOf(
  seats: readonly Pick<ParticipantRow, 'playerId' | 'seat' | 'characterId' | 'name' | 'model'>[],
  standings: readonly PlacementChange[],
): Placement[] {
  const byPlayer = new Map(standings.map((s) => [s.playerId, s]));
  return seats
    .flatMap((seat) => {
      const standing = byPlayer.get(seat.playerId);
      if (!standing) return [];
      return [
        {
          playerId: seat.playerId,
          seat: seat.seat,
          characterId: seat.characterId,
          name: seat.name,
          model: seat.model,
          place: standing.place,
          status: standing.status,
        },
      ];
    })
    .sort((a, b) => a.place - b.place || a.seat - b.seat);
}

/** Fills in what a later event of the same batch changes in a row the batch itself adds. */
function applyWithinBatch(records: BatchRecords): void {
  const filed = new Map(records.accusations.map((a) => [a.accusationId, a]));
  records.verdicts = records.verdicts.filter((v) => {
    const accusation = filed.get(v.accusationId);
    if (!accusation) return true;
    accusation.verdict = v.verdict;
    accusation.verdictConfidence = v.verdictConfidence;
    return false;
  });
  if (records.participants.length > 0 && records.placements.length > 0) {
    const placed = new Map(records.placements.map((p) => [p.playerId, p]));
    for (const participant of records.participants) {
      const placement = placed.get(participant.playerId);
      participant.place = placement?.place ?? null;
      participant.status = placement?.status ?? null;
    }
    records.placements = [];
  }
}

/**
 * Derive the projection rows of a checked batch (events not yet stored, in seq order). Changes
 * to rows the batch itself adds are folded into those rows, so each row is written once.
 */
export function recordsOf(batch: EventBatch): BatchRecords {
  const records: BatchRecords = {
    participants: [],
    placements: [],
    messages: [],
    scores: [],
    accusations: [],
    verdicts: [],
    eliminations: [],
    modelCalls: [],
    champions: [],
    seriesGame: null,
    ended: null,
  };
  const { gameId } = batch;
  let turn: number | null = null;
  const names = new Map<string, string>();
  for (const event of batch.events) {
    if (isMessageEvent(event)) {
      const payloadTurn = 'turn' in event.payload ? event.payload.turn : null;
      records.messages.push({
        gameId,
        messageId: event.payload.messageId,
        seq: event.seq,
        turn: payloadTurn ?? turn,
        kind: event.type,
        ...messageOf(event),
      });
    }
    switch (event.type) {
      case 'game_created': {
        records.participants = participantsOf(gameId, event.payload);
        for (const p of records.participants) names.set(p.playerId, p.name);
        const series = event.payload.series;
        if (series) records.seriesGame = { ...series, gameId };
        break;
      }
      case 'turn_started':
        turn = event.payload.turn;
        break;
      case 'contribution_scored': {
        const p = event.payload;
        records.scores.push({
          gameId,
          seq: event.seq,
          turn: p.turn,
          playerId: p.playerId,
          messageId: p.messageId,
          phase: p.phase,
          points: p.points,
          scores: p.scores,
          judge: p.judge,
        });
        break;
      }
      case 'accusation_filed': {
        const p = event.payload;
        records.accusations.push({
          gameId,
          accusationId: p.accusationId,
          accuser: p.accuserId,
          accused: p.accusedId,
          charge: p.kind,
          claim: p.claim,
          turn: p.turn,
          confidence: p.confidence,
          verdict: null,
          verdictConfidence: null,
        });
        break;
      }
      case 'verdict_reached':
        records.verdicts.push({
          accusationId: event.payload.accusationId,
          verdict: event.payload.verdict,
          verdictConfidence: event.payload.confidence,
        });
        break;
      case 'player_eliminated': {
        const p = event.payload;
        records.eliminations.push({
          gameId,
          playerId: p.playerId,
          turn: p.turn,
          round: p.round,
          cause: p.cause,
          standing: p.standing,
        });
        break;
      }
      case 'model_call': {
        const p = event.payload;
        records.modelCalls.push({
          gameId,
          seq: event.seq,
          role: p.role,
          playerId: p.playerId,
          purpose: p.purpose,
          model: p.model,
          inputTokens: p.usage.inputTokens,
          outputTokens: p.usage.outputTokens,
          latencyMs: p.latencyMs,
          costUsd: p.costUsd,
          attempts: p.attempts ?? 1,
          failed: p.error !== undefined,
        });
        break;
      }
      case 'champion_memory_updated': {
        const p = event.payload;
        records.champions.push({
          characterId: p.characterId,
          playerId: p.playerId,
          name: names.get(p.playerId) ?? null,
          gameId,
          seq: event.seq,
          outcome: p.outcome,
          lessons: p.lessons,
          memory: p.memory,
          games: p.record.games,
          wins: p.record.wins,
          model: p.model,
          ts: event.ts,
        });
        break;
      }
      case 'game_ended':
        records.ended = gameEndOf(event);
        records.placements = records.ended.standings;
        break;
      default:
        break;
    }
  }
  applyWithinBatch(records);
  return records;
}
