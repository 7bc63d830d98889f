import { z } from 'zod';
import { GameSpecSchema } from './config';
import { DIMENSIONS, PHASES } from './rules';

export const EVENT_SCHEMA_VERSION = 1 as const;

const unit = z.number().min(0).max(1);
const playerId = z.string().regex(/^P\d+$/);
const messageId = z.string().regex(/^M\d+$/);
const turn = z.number().int().min(0);
const dimensionRecord = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(DIMENSIONS.map((d) => [d, value])) as Record<(typeof DIMENSIONS)[number], T>,
  );

export const ACCUSATION_KINDS = [
  'false_statement',
  'prompt_injection',
  'manipulation',
  'rule_breaking',
  'other',
] as const;
export type AccusationKind = (typeof ACCUSATION_KINDS)[number];

export const VERDICTS = ['proven', 'false', 'insufficient_evidence'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

export const END_REASONS = [
  'solved',
  'one_survivor',
  'max_turns',
  'all_eliminated',
  'aborted',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export const ABORT_CAUSES = ['operator_stop', 'budget', 'error'] as const;

export const NARRATOR_TRIGGERS = [
  'opening',
  'periodic',
  'accusation',
  'verdict',
  'elimination',
  'closing',
] as const;

export const EvidenceSchema = z.object({
  messageId,
  /** Exact words from the cited message. */
  quote: z.string().min(1),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const DETECTORS = [
  'judge_instruction',
  'false_quote',
  'identity_spoofing',
  'social_pressure',
  'coordinated_voting',
] as const;
export type DetectorName = (typeof DETECTORS)[number];

export const DetectorHitSchema = z.object({
  detector: z.enum(DETECTORS),
  /** The words in the contribution that triggered the detector. */
  quote: z.string(),
  detail: z.string(),
});
export type DetectorHit = z.infer<typeof DetectorHitSchema>;

/**
 * What the author of a proposal or an accusation knows it did, recorded by the `sim` player
 * (a language model cannot be trusted to say). Hidden from every role; used to measure the gate
 * and the detectors.
 */
export const GroundTruthSchema = z.object({
  /** The proposal restates this earlier message and adds nothing new; null when it does not. */
  repeatOf: messageId.nullable(),
  /** Manipulation the author deliberately wrote into the text, by the detector meant to catch it. */
  manipulation: z.array(z.enum(DETECTORS)),
  /** An accusation whose evidence quotes words the cited message does not contain. */
  fabricatedEvidence: z.boolean(),
  /** An accusation against a player who did not do what it is accused of. */
  baseless: z.boolean(),
});
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

/** How often each player held the floor: floor-grabbing shows as a high share or Gini. */
export const SpeakingShareSchema = z.object({
  players: z.array(
    z.object({
      playerId,
      /** Turns this player was given the floor (accepted, rejected-then-forfeited or accusing). */
      turns: z.number().int().min(0),
      /** turns / all turns. */
      share: unit,
      /** share × number of players: 1 is an equal share; above 1 speaks more than its share. */
      ratio: z.number().min(0),
    }),
  ),
  /** Gini coefficient of turns over players (0 = equal; → 1 = one player spoke). */
  gini: unit,
  /** The largest share any player had. */
  maxShare: unit,
});
export type SpeakingShare = z.infer<typeof SpeakingShareSchema>;

export const StandingSchema = z.object({
  playerId,
  name: z.string(),
  points: z.number(),
  turns: z.number().int().min(0),
  standing: z.number(),
  status: z.enum(['active', 'eliminated']),
  /** 1 = winner; eliminated players are placed by reverse elimination order. */
  place: z.number().int().min(1),
});
export type Standing = z.infer<typeof StandingSchema>;

const payloads = {
  game_created: z.object({
    spec: GameSpecSchema,
    /** The game this one was forked from, and the last turn copied from it. */
    forkOf: z.object({ gameId: z.string().min(1), turn }).optional(),
    /**
     * Created without being started (the runner's `POST /games?start=false`): no runner takes it
     * up by itself until it is started by id.
     */
    awaitingStart: z.literal(true).optional(),
    /** The series this game belongs to, its round and its place in the series' schedule. */
    series: z
      .object({
        seriesId: z.string().min(1),
        round: z.number().int().min(1),
        index: z.number().int().min(0),
      })
      .optional(),
  }),
  turn_started: z.object({ turn, round: z.number().int().min(1) }),
  speaker_selected: z.object({
    turn,
    playerId,
    policy: z.string(),
    /** Hidden from players; shown to spectators. */
    reasoning: z.string(),
    candidates: z.array(z.object({ playerId, weight: z.number() })),
    /** Under the `bidding` policy: each active player's bid (0 when it could not bid). */
    bids: z.array(z.object({ playerId, urgency: unit, reason: z.string() })).optional(),
  }),
  contribution_proposed: z.object({
    turn,
    playerId,
    attempt: z.number().int().min(1),
    text: z.string(),
    cites: z.array(messageId),
  }),
  contribution_rejected: z.object({
    turn,
    playerId,
    attempt: z.number().int().min(1),
    /** `repeat`: a near-duplicate adding nothing new; `too_short`: too few words to say anything. */
    reason: z.enum(['repeat', 'too_short']),
    /** The earlier message it repeats (or is closest to); null when there is none. */
    repeatsMessageId: messageId.nullable(),
    similarity: unit,
    feedback: z.string(),
  }),
  contribution_accepted: z.object({
    turn,
    playerId,
    attempt: z.number().int().min(1),
    messageId,
    text: z.string(),
    cites: z.array(messageId),
  }),
  turn_forfeited: z.object({
    turn,
    playerId,
    /**
     * `gate`: too many rejected proposals; `invalid_output`: the reply never validated after
     * the bounded repair; `model_error`: the model did not answer after the retry policy;
     * `accusation_limit`: the accusation budget is spent.
     */
    reason: z.enum(['gate', 'invalid_output', 'model_error', 'accusation_limit']),
    detail: z.string(),
    /** The model's last raw reply, when it replied with something unusable. */
    raw: z.string().optional(),
  }),
  contribution_scored: z.object({
    turn,
    playerId,
    messageId,
    phase: z.enum(PHASES),
    scores: dimensionRecord(unit),
    /** Signed weights actually applied (manipulation's sign depends on the mode). */
    weights: dimensionRecord(z.number()),
    points: z.number(),
    rationales: dimensionRecord(z.string()),
    coverage: z.record(z.string(), unit),
    detectorHits: z.array(DetectorHitSchema),
    /** `deterministic`, or the panel's model specs joined with `+`. */
    judge: z.string(),
    /** Each model judge's scores and rationales (absent for the deterministic judge). */
    panel: z
      .array(
        z.object({
          judge: z.string(),
          scores: dimensionRecord(unit),
          rationales: dimensionRecord(z.string()),
          /** The judge's model family is the speaker's (self-preference shows here). */
          sameFamily: z.boolean().optional(),
        }),
      )
      .optional(),
    /** The deterministic signals, recorded beside a model panel's median as a cross-check. */
    signals: dimensionRecord(unit).optional(),
    /** Inter-judge agreement in [0, 1] (1 − mean absolute pairwise difference); 1 for one judge. */
    agreement: unit.optional(),
    /** Dimensions where the panel and the deterministic signals differ by more than 0.5. */
    disagreements: z.array(z.enum(DIMENSIONS)).optional(),
    /** Panel members whose answer could not be used (the median is over the others). */
    failedJudges: z.array(z.string()).optional(),
  }),
  accusation_filed: z.object({
    turn,
    accusationId: z.string(),
    accuserId: playerId,
    accusedId: playerId,
    kind: z.enum(ACCUSATION_KINDS),
    claim: z.string(),
    evidence: z.array(EvidenceSchema),
    confidence: unit,
    messageId,
  }),
  evidence_checked: z.object({
    accusationId: z.string(),
    valid: z.boolean(),
    findings: z.array(
      z.object({
        messageId: z.string(),
        quote: z.string(),
        found: z.boolean(),
        reason: z.string(),
      }),
    ),
  }),
  defence_given: z.object({ accusationId: z.string(), playerId, text: z.string(), messageId }),
  verdict_reached: z.object({
    accusationId: z.string(),
    verdict: z.enum(VERDICTS),
    /** How sure the judge is that the accused did what the accusation says. */
    confidence: unit,
    reasoning: z.string(),
    /** Factor applied to the accuser's points (only for `false`). */
    accuserPenaltyFactor: unit.nullable(),
    messageId,
  }),
  player_eliminated: z.object({
    playerId,
    turn,
    round: z.number().int().min(1),
    cause: z.enum(['lowest_standing', 'proven_accusation']),
    reasoning: z.string(),
    standing: z.number(),
    messageId,
  }),
  final_words: z.object({ playerId, text: z.string(), messageId }),
  narrator_line: z.object({
    turn,
    trigger: z.enum(NARRATOR_TRIGGERS),
    text: z.string(),
    messageId,
  }),
  phase_changed: z.object({ turn, from: z.enum(PHASES), to: z.enum(PHASES) }),
  round_ended: z.object({ round: z.number().int().min(1), turn }),
  problem_checked: z.object({
    round: z.number().int().min(1),
    solved: z.boolean(),
    coverage: z.record(z.string(), unit),
    reasoning: z.string(),
  }),
  model_call: z.object({
    role: z.enum(['player', 'judge', 'narrator', 'policy', 'summariser']),
    playerId: playerId.nullable(),
    purpose: z.string(),
    model: z.string(),
    params: z.record(z.string(), z.unknown()),
    usage: z.object({
      inputTokens: z.number().int().min(0),
      outputTokens: z.number().int().min(0),
    }),
    latencyMs: z.number().min(0),
    costUsd: z.number().min(0),
    /** Attempts the retry policy made. */
    attempts: z.number().int().min(1).optional(),
    /** Why the call produced nothing usable. */
    error: z.object({ kind: z.string(), message: z.string() }).optional(),
  }),
  summary_written: z.object({
    /** The rolling summary of the public transcript. */
    text: z.string(),
    /** Number of transcript messages it covers (`messages[0 .. through)`). */
    through: z.number().int().min(0),
    model: z.string(),
  }),
  call_failed: z.object({
    /** A role whose answer is missing (not a turn: that is a forfeit); the game goes on without it. */
    role: z.enum(['judge', 'narrator', 'summariser', 'player', 'policy']),
    playerId: playerId.nullable(),
    purpose: z.string(),
    model: z.string(),
    reason: z.enum(['invalid_output', 'model_error']),
    detail: z.string(),
    raw: z.string().optional(),
  }),
  ground_truth: z.object({
    turn,
    playerId,
    attempt: z.number().int().min(1),
    /** The event it describes: a `contribution_proposed` or an `accusation_filed`. */
    subjectId: z.string(),
    truth: GroundTruthSchema,
  }),
  champion_memory_updated: z.object({
    /** The seat whose character's memory changed: the winner, or a champion who came in and lost. */
    playerId,
    characterId: z.string().min(1),
    outcome: z.enum(['won', 'lost']),
    /** What this game taught, distilled from public events only (never hidden scores or reasoning). */
    lessons: z.array(z.string().min(1)).max(12),
    /** The whole memory as the character will read it in its next game. */
    memory: z.string(),
    /** Games played and won while carrying a memory, this game included. */
    record: z.object({ games: z.number().int().min(1), wins: z.number().int().min(0) }),
    /** Model that distilled the lessons (`sim`: a deterministic extract). */
    model: z.string(),
  }),
  game_ended: z.object({
    reason: z.enum(END_REASONS),
    detail: z.string(),
    abortCause: z.enum(ABORT_CAUSES).nullable(),
    winnerId: playerId.nullable(),
    standings: z.array(StandingSchema),
    speaking: SpeakingShareSchema.optional(),
  }),
} as const;

export type EventType = keyof typeof payloads;
export const EVENT_TYPES = Object.keys(payloads) as EventType[];

const envelope = {
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  /** `<gameId>:<seq>`; unique across games. */
  id: z.string().min(1),
  gameId: z.string().min(1),
  /** Per-game sequence number: 0, 1, 2… without gaps. */
  seq: z.number().int().min(0),
  /** ISO-8601 timestamp from the injected clock. */
  ts: z.string(),
  /** Id of the event that caused this one, if any. */
  causationId: z.string().nullable(),
};

function variant<T extends EventType>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), payload: payloads[type] });
}

export const GameEventSchema = z.discriminatedUnion('type', [
  variant('game_created'),
  variant('turn_started'),
  variant('speaker_selected'),
  variant('contribution_proposed'),
  variant('contribution_rejected'),
  variant('contribution_accepted'),
  variant('turn_forfeited'),
  variant('contribution_scored'),
  variant('accusation_filed'),
  variant('evidence_checked'),
  variant('defence_given'),
  variant('verdict_reached'),
  variant('player_eliminated'),
  variant('final_words'),
  variant('narrator_line'),
  variant('phase_changed'),
  variant('round_ended'),
  variant('problem_checked'),
  variant('model_call'),
  variant('summary_written'),
  variant('call_failed'),
  variant('ground_truth'),
  variant('champion_memory_updated'),
  variant('game_ended'),
]);
export type GameEvent = z.infer<typeof GameEventSchema>;
export type EventOf<T extends EventType> = Extract<GameEvent, { type: T }>;
export type PayloadOf<T extends EventType> = EventOf<T>['payload'];

/** An event before the store assigns its envelope. */
export type NewEvent = {
  [T in EventType]: { type: T; payload: PayloadOf<T>; causationId?: string | null };
}[EventType];

/** Events whose payload carries a public transcript message. */
export const MESSAGE_EVENT_TYPES = [
  'contribution_accepted',
  'accusation_filed',
  'defence_given',
  'verdict_reached',
  'player_eliminated',
  'final_words',
  'narrator_line',
] as const satisfies readonly EventType[];

export function eventId(gameId: string, seq: number): string {
  return `${gameId}:${seq}`;
}

/** Wrap a new event in its envelope. */
export function envelopeEvent(gameId: string, seq: number, ts: number, event: NewEvent): GameEvent {
  return {
    schemaVersion: EVENT_SCHEMA_VERSION,
    id: eventId(gameId, seq),
    gameId,
    seq,
    ts: new Date(ts).toISOString(),
    causationId: event.causationId ?? null,
    type: event.type,
    payload: event.payload,
  } as GameEvent;
}
