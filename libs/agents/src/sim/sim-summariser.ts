import {
  messageById,
  type GameState,
  type MessageKind,
  type TranscriptMessage,
} from '@arena/models';
import type { ModelCallRecord } from '../model-call';
import type { Summariser, SummaryContext } from '../officials';
import { estimateTokens } from '../prompts/tokens';
import { sentencesOf } from './transcript';

/** Longest summary the simulator writes, header included. */
export const SIM_SUMMARY_MAX_CHARS = 1200;
const SENTENCE_CHARS = 100;
const HEADER = 'Summary of ';

const KIND_WORDS: Record<MessageKind, [one: string, many: string]> = {
  contribution: ['contribution', 'contributions'],
  accusation: ['accusation', 'accusations'],
  defence: ['defence', 'defences'],
  verdict: ['verdict', 'verdicts'],
  elimination: ['elimination', 'eliminations'],
  final_words: ['final words', 'final words'],
  narrator: ['narrator line', 'narrator lines'],
};

function speakerOf(state: GameState, message: TranscriptMessage): string {
  if (message.speakerId === null) return message.kind === 'narrator' ? 'Narrator' : 'Judge';
  return state.players.find((p) => p.id === message.speakerId)?.name ?? message.speakerId;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = sentencesOf(flat)[0] ?? flat;
  return sentence.length <= SENTENCE_CHARS
    ? sentence
    : `${sentence.slice(0, SENTENCE_CHARS - 1).trimEnd()}…`;
}

function lineOf(state: GameState, message: TranscriptMessage): string {
  return `${message.id} ${speakerOf(state, message)} (${message.kind}): ${firstSentence(message.text)}`;
}

/** `Summary of M1–M40: 40 messages (30 contributions, 2 accusations, …); latest below.` */
function header(covered: readonly TranscriptMessage[]): string {
  const last = covered.at(-1);
  if (!last) return `${HEADER}the conversation: nothing has been said yet.`;
  const counts = new Map<MessageKind, number>();
  for (const m of covered) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, n]) => `${n} ${KIND_WORDS[kind][n === 1 ? 0 : 1]}`);
  return `${HEADER}M1–${last.id}: ${covered.length} messages (${parts.join(', ')}); latest below.`;
}

function previousLines(previous: string): string[] {
  const lines = previous.split('\n').filter((l) => l.trim() !== '');
  return lines[0]?.startsWith(HEADER) ? lines.slice(1) : lines;
}

function summarise(ctx: SummaryContext): string {
  const { state } = ctx;
  const wanted = new Set(ctx.messageIds);
  const added = state.messages.filter((m) => wanted.has(m.id));
  const last = added.at(-1);
  if (!last) return ctx.previous;
  const head = header(state.messages.slice(0, state.messages.indexOf(last) + 1));
  const lines = [...previousLines(ctx.previous), ...added.map((m) => lineOf(state, m))];
  const length = () => head.length + lines.reduce((n, l) => n + 1 + l.length, 0);
  while (lines.length > 1 && length() > SIM_SUMMARY_MAX_CHARS) lines.shift();
  return [head, ...lines].join('\n');
}

/**
 * The built-in simulated summariser (not a language model): an extractive rolling summary.
 * Each new message becomes one compact line (speaker, kind, first sentence), appended to the
 * previous summary's lines; the oldest lines are dropped to stay within
 * {@link SIM_SUMMARY_MAX_CHARS}, under a header that counts everything said so far. With no
 * new messages the previous summary comes back unchanged.
 *
 * @example
 * const { value } = await createSimSummariser().summarise({ state, previous: '', messageIds: ['M1', 'M2'], rng });
 */
export function createSimSummariser(): Summariser {
  return {
    summarise: async (ctx) => {
      const text = summarise(ctx);
      const read = ctx.messageIds
        .map((id) => messageById(ctx.state, id)?.text.length ?? 0)
        .reduce((a, b) => a + b, ctx.previous.length);
      const call: ModelCallRecord = {
        model: 'sim',
        purpose: 'summarise',
        params: {},
        usage: { inputTokens: Math.ceil(read / 4), outputTokens: estimateTokens(text) },
        costUsd: 0,
      };
      return { value: { text }, calls: [call] };
    },
  };
}
