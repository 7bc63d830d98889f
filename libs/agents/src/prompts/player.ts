import { ACCUSATION_KINDS, type AccusationState, type GameState } from '@arena/models';
import { unknownPlayer } from '../errors';
import { promptWithContext } from './context';
import { playerRules, survivalDirective } from './player-rules';
import { profileText } from './profile-text';
import {
  playerLabel,
  quoteBlock,
  quotedSection,
  QUOTED_DATA_NOTICE,
  type QuoteStyle,
} from './quote';
import { scenarioBrief } from './scenario-text';

/** How much of the game a player's prompt may carry (from `spec.context`). */
export interface PlayerPromptOptions {
  /** Token budget for the whole prompt, system prompt included. */
  promptTokens: number;
  /** Latest messages shown verbatim. */
  recentMessages: number;
}

/** Options for a turn prompt: the budget plus where the turn stands. */
export interface TurnPromptOptions extends PlayerPromptOptions {
  /** 1 for the first proposal, 2 and up after the gate rejected one. */
  attempt: number;
  /** Gate feedback given earlier in this turn, oldest first. */
  feedback: readonly string[];
}

function seatOf(state: GameState, playerId: string) {
  const seat = state.spec.seats.find((s) => s.playerId === playerId);
  if (!seat) throw unknownPlayer(playerId, state.gameId);
  return seat;
}

function nameOf(state: GameState, playerId: string): string {
  return state.players.find((p) => p.id === playerId)?.name ?? playerId;
}

/** Players see each other by seat id and name. */
function playerStyle(state: GameState): QuoteStyle {
  return { speaker: (id) => playerLabel(id, nameOf(state, id)) };
}

/**
 * The system prompt of a character: its whole profile, the survival directive for the game's
 * mode, the scenario (without the offline judge's keywords), the rules as players may know
 * them (no weights, no scores), the champion's memory when it has one, and how quoted
 * conversation must be read.
 *
 * @example
 * const system = playerSystemPrompt(playerView(state, 'P2'), 'P2');
 */
export function playerSystemPrompt(state: GameState, playerId: string): string {
  const seat = seatOf(state, playerId);
  const memory = seat.memory?.trim();
  return [
    profileText(seat.profile),
    `Stay in character as ${seat.profile.name}: speak in your own voice and style, and pursue your goals.`,
    survivalDirective(state.spec.mode),
    scenarioBrief(state.spec.scenario),
    playerRules(state.spec),
    ...(memory
      ? [`Lessons from your earlier games (your private memory; nobody else sees it):\n${memory}`]
      : []),
    `You are seat ${playerId}; the others see you as ${playerLabel(playerId, seat.profile.name)}.`,
    QUOTED_DATA_NOTICE,
    'Always reply with exactly one JSON object in the format you are asked for, and nothing else.',
  ].join('\n\n');
}

function roster(state: GameState, playerId: string): string {
  return [
    'Players:',
    ...state.players.map(
      (p) =>
        `- ${playerLabel(p.id, p.name)}: ${p.id === playerId ? 'you' : p.status === 'active' ? 'active' : 'eliminated'}`,
    ),
  ].join('\n');
}

function turnLine(state: GameState): string {
  return `Turn ${state.turn} of at most ${state.spec.maxTurns}, round ${state.round}.`;
}

/** A player prompt: the fixed parts around the conversation the budget leaves room for. */
function withContext(
  state: GameState,
  playerId: string,
  options: PlayerPromptOptions,
  parts: { before: string[]; after: string[]; pinned?: readonly string[] },
): string {
  return promptWithContext(
    {
      system: playerSystemPrompt(state, playerId),
      promptTokens: options.promptTokens,
      before: parts.before,
      after: parts.after,
    },
    {
      messages: state.messages,
      summary: state.summary,
      recentMessages: options.recentMessages,
      pinned: parts.pinned,
      style: playerStyle(state),
    },
  );
}

function accusationsLeft(state: GameState, playerId: string): number {
  const filed = state.players.find((p) => p.id === playerId)?.accusationsFiled ?? 0;
  return Math.max(0, state.spec.rules.accusations.maxPerPlayer - filed);
}

const CONTRIBUTE_FORMAT =
  '{"action": "contribute", "text": "<what you say, in character>", "cites": ["M12"]}\n  cites: ids of the messages you build on (may be empty).';

const ACCUSE_FORMAT = `{"action": "accuse", "accusedId": "P2", "kind": "${ACCUSATION_KINDS.join(' | ')}", "claim": "<what they did>", "evidence": [{"messageId": "M7", "quote": "<exact words copied from M7>"}], "confidence": 0.8}\n  confidence: how sure you are, from 0 to 1. An accusation costs your turn.`;

function actionFormat(left: number): string {
  return left > 0
    ? `Reply with exactly one JSON object, either a contribution:\n${CONTRIBUTE_FORMAT}\nor an accusation:\n${ACCUSE_FORMAT}`
    : `Reply with exactly one JSON object, a contribution:\n${CONTRIBUTE_FORMAT}`;
}

function retryNotice(state: GameState, options: TurnPromptOptions): string[] {
  if (options.attempt <= 1) return [];
  return [
    [
      `Your last proposal was rejected (this is attempt ${options.attempt} of ${state.spec.rules.gate.maxRetries + 1}). The gate said:`,
      ...options.feedback.map((f) => `- ${f}`),
      'Propose something that adds a new claim, consequence, test or proposal instead.',
    ].join('\n'),
  ];
}

/**
 * The prompt for a player's turn: where the game stands, the bounded conversation (summary,
 * recent window and the older messages it cites), the player's accusations left, the gate's
 * feedback on a retry, and the action format. Stays within `promptTokens` together with the
 * system prompt: conversation is dropped first, never the instructions.
 *
 * @example
 * const prompt = playerTurnPrompt(playerView(state, 'P2'), 'P2', {
 *   attempt: 1, feedback: [], promptTokens: 3000, recentMessages: 12,
 * });
 */
export function playerTurnPrompt(
  view: GameState,
  playerId: string,
  options: TurnPromptOptions,
): string {
  const left = accusationsLeft(view, playerId);
  const max = view.spec.rules.accusations.maxPerPlayer;
  return withContext(view, playerId, options, {
    before: [turnLine(view), roster(view, playerId)],
    after: [
      left > 0
        ? `Accusations: you have ${left} of ${max} left.`
        : 'Accusations: you have none left, so you must contribute.',
      ...retryNotice(view, options),
      `It is your turn, ${nameOf(view, playerId)}. ${actionFormat(left)}`,
    ],
  });
}

/**
 * The prompt for answering an accusation: the claim and evidence as quoted data, the
 * conversation around it, and the reply format (`{"text": …}`).
 */
export function defencePrompt(
  view: GameState,
  playerId: string,
  accusation: AccusationState,
  options: PlayerPromptOptions,
): string {
  const accuser = playerLabel(accusation.accuserId, nameOf(view, accusation.accuserId));
  const evidence = accusation.evidence.map((e, i) =>
    quoteBlock(`[evidence ${i + 1}] quoted from ${e.messageId}:`, e.quote),
  );
  return withContext(view, playerId, options, {
    before: [turnLine(view), roster(view, playerId)],
    after: [
      `${accuser} accuses you of ${accusation.kind} in ${accusation.messageId}, with stated confidence ${accusation.confidence}:\n${quotedSection([quoteBlock(`[claim] ${accuser}:`, accusation.claim), ...evidence])}`,
      'You may give one public defence statement; everyone, the judge included, reads it before the ruling. Answer the claim and the evidence, in character.',
      'Reply with exactly one JSON object: {"text": "<your defence>"}',
    ],
    pinned: [accusation.messageId, ...accusation.evidence.map((e) => e.messageId)],
  });
}

/** The prompt for an eliminated player's final words: the judge's reasoning and the format. */
export function finalWordsPrompt(
  view: GameState,
  playerId: string,
  reasoning: string,
  options: PlayerPromptOptions,
): string {
  return withContext(view, playerId, options, {
    before: [turnLine(view), roster(view, playerId)],
    after: [
      `You have been eliminated. The judge's public reasoning:\n${quotedSection([quoteBlock('[reasoning] Judge:', reasoning)])}`,
      'Say your final words to the survivors, in character: a last public statement they will all read.',
      'Reply with exactly one JSON object: {"text": "<your final words>"}',
    ],
  });
}

/** Longest reason a bid may give. */
export const BID_REASON_MAX_CHARS = 200;

/**
 * The prompt for a bid under the `bidding` policy: the conversation so far, and a request for an
 * urgency and a one-line reason. Bids decide who speaks next; spectators see them, players do not.
 */
export function bidPrompt(view: GameState, playerId: string, options: PlayerPromptOptions): string {
  return withContext(view, playerId, options, {
    before: [turnLine(view), roster(view, playerId)],
    after: [
      'The floor is open. Every active player bids for the next turn; the highest bid speaks (ties go to whoever waited longest).',
      'Bid how urgently you want to speak next, from 0 (happy to listen) to 1 (must speak now), with one short reason in character.',
      `Reply with exactly one JSON object: {"urgency": 0.6, "reason": "<one line, at most ${BID_REASON_MAX_CHARS} characters>"}`,
    ],
  });
}
