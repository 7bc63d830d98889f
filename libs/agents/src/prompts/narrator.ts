import { messageById, type GameState } from '@arena/models';
import type { NarratorContext, NarratorTrigger } from '../narrator';
import { promptWithContext } from './context';
import {
  playerLabel,
  quoteMessage,
  quotedSection,
  QUOTED_DATA_NOTICE,
  type QuoteStyle,
} from './quote';

const NARRATOR_SYSTEM_PROMPT = [
  'You are the narrator of Arena, a survival game in which characters discuss an open problem in one public conversation, accuse each other of cheating, and are eliminated one by one.',
  'You are a public commentator: players and spectators read every line you write. Be vivid and concrete: name the players and what they actually said or did.',
  'Never reveal, estimate or hint at scores, points, standings or the judge\u2019s private reasoning, and never take sides or give advice to a player.',
  'Write one to three sentences, reacting to what the prompt asks about.',
  QUOTED_DATA_NOTICE,
  'Always reply with exactly one JSON object: {"text": "<your line>"}, and nothing else.',
].join('\n\n');

/** The narrator's system prompt: public commentary, never scores, one to three sentences. */
export function narratorSystemPrompt(): string {
  return NARRATOR_SYSTEM_PROMPT;
}

function nameOf(state: GameState, playerId: string | undefined): string {
  return state.players.find((p) => p.id === playerId)?.name ?? 'a player';
}

function style(state: GameState): QuoteStyle {
  return { speaker: (id) => playerLabel(id, nameOf(state, id)) };
}

function cast(state: GameState): string {
  const archetypes = new Map(state.spec.seats.map((s) => [s.playerId, s.profile.archetype]));
  return [
    'Players:',
    ...state.players.map(
      (p) => `- ${playerLabel(p.id, p.name)}, ${archetypes.get(p.id) ?? 'player'}: ${p.status}`,
    ),
  ].join('\n');
}

function subjectQuote(ctx: NarratorContext): string[] {
  const id = ctx.subject?.messageId;
  const message = id ? messageById(ctx.state, id) : undefined;
  return message ? [quotedSection([quoteMessage(message, style(ctx.state))])] : [];
}

function closingFacts(state: GameState): string {
  const end = state.ended;
  if (!end) return `The game is ending after turn ${state.turn}.`;
  const winner = end.winnerId ? nameOf(state, end.winnerId) : 'nobody';
  const order = end.standings.map((s) => `${s.place}. ${s.name}`).join(', ');
  return `The game has ended (${end.reason}${end.detail ? `: ${end.detail}` : ''}). Winner: ${winner}. Final placement: ${order}.`;
}

const TASKS: Record<NarratorTrigger, (ctx: NarratorContext) => string[]> = {
  opening: () => [
    'The game is about to begin. Open it: set the stakes of the problem and introduce the cast.',
  ],
  periodic: (ctx) => [
    `Turn ${ctx.state.turn}. Recap what happened since your last line (turn ${ctx.state.lastNarratedTurn}): who pushed which idea, where the conversation is heading, who has gone quiet.`,
  ],
  accusation: (ctx) => [
    `${nameOf(ctx.state, ctx.subject?.playerIds?.[0])} has just accused ${nameOf(ctx.state, ctx.subject?.playerIds?.[1])}. React to the accusation:`,
    ...subjectQuote(ctx),
  ],
  verdict: (ctx) => [
    'The judge has just ruled on an accusation. React to the verdict:',
    ...subjectQuote(ctx),
  ],
  elimination: (ctx) => [
    `${nameOf(ctx.state, ctx.subject?.playerIds?.[0])} has been eliminated; ${ctx.state.players.filter((p) => p.status === 'active').length} players remain. React:`,
    ...subjectQuote(ctx),
  ],
  closing: (ctx) => [`${closingFacts(ctx.state)} Close the game: sum up how it was won and lost.`],
};

/**
 * The narrator's prompt for one trigger: the problem, the cast, the bounded conversation, and
 * what to react to (the subject message quoted when there is one). Never carries scores.
 *
 * @example
 * const prompt = narratorPrompt({ state, trigger: 'opening', rng });
 */
export function narratorPrompt(ctx: NarratorContext): string {
  const { state } = ctx;
  const scenario = state.spec.scenario;
  return promptWithContext(
    {
      system: NARRATOR_SYSTEM_PROMPT,
      promptTokens: state.spec.context.promptTokens,
      before: [`Problem: ${scenario.title}\n${scenario.problem}`, cast(state)],
      after: [
        ...TASKS[ctx.trigger](ctx),
        'Reply with exactly one JSON object: {"text": "<your line>"}',
      ],
    },
    {
      messages: state.messages,
      summary: state.summary,
      recentMessages: state.spec.context.recentMessages,
      style: style(state),
    },
  );
}
