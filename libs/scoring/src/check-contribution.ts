import { messageById, type GameState, type Rules } from '@arena/models';
import { contentWords, splitSentences } from './content-words';
import type { SimilarityIndex, SimilarityMatch } from './similarity-index';

/** Fewer distinct content words than this cannot carry a claim ("so" once passed a gate). */
export const MIN_CONTENT_WORDS = 6;

/**
 * A sentence is new when more than this share of its content words is absent from the
 * message it otherwise repeats.
 */
const NEW_SENTENCE_SHARE = 0.5;

/** Sentences shorter than this (in content words) are too small to count as a new claim. */
const MIN_SENTENCE_WORDS = 3;

/** The gate's answer for one proposed contribution. */
export type GateDecision =
  | { accepted: true; nearest: SimilarityMatch | null }
  | {
      accepted: false;
      /** Why: a near-duplicate of an earlier contribution, or too short to say anything. */
      reason: 'repeat' | 'too_short';
      /** The repeated contribution; for `too_short`, the closest one, or '' when none is close. */
      repeatsMessageId: string;
      similarity: number;
      /** Told to the speaker for its retry: what it repeats and what would count as new. */
      feedback: string;
    };

function whatCountsAsNew(state: GameState, rules: Rules): string {
  const subProblems = state.spec.scenario.subProblems;
  const coverage = (id: string) => state.coverage[id] ?? 0;
  const least = subProblems.reduce<(typeof subProblems)[number] | undefined>(
    (best, sp) => (best === undefined || coverage(sp.id) < coverage(best.id) ? sp : best),
    undefined,
  );
  const options =
    'To count as new, add a new claim, a consequence of an earlier idea, a test that would check it, or';
  if (!least) return `${options} a proposal on a part of the problem nobody has addressed.`;
  const named = `"${least.title}" (${least.description.replace(/\.$/, '')})`;
  return coverage(least.id) < rules.solved.coverage
    ? `${options} a proposal on an uncovered sub-problem such as ${named}.`
    : `${options} a proposal that takes the least advanced sub-problem, ${named}, further.`;
}

/** True when some sentence of `text` is mostly made of words the repeated message lacks. */
function addsSomethingNew(text: string, repeated: string): boolean {
  const known = new Set(contentWords(repeated));
  return splitSentences(text).some((sentence) => {
    const words = new Set(contentWords(sentence));
    if (words.size < MIN_SENTENCE_WORDS) return false;
    const unknown = [...words].filter((w) => !known.has(w)).length;
    return unknown / words.size > NEW_SENTENCE_SHARE;
  });
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The anti-repetition gate (ARENA.md §3 step 3). Compares the proposal with every earlier
 * accepted contribution, the speaker's own included, and rejects a near-duplicate that adds no
 * new claim, consequence, test or proposal, or a text too short to say anything. The feedback
 * names the repeated message and what would count as new, so the speaker can retry with it.
 *
 * @example
 * const decision = checkContribution({ text, speakerId: 'P2', state, index, rules: state.spec.rules });
 * if (!decision.accepted) retryWith(decision.feedback);
 */
export function checkContribution(input: {
  text: string;
  speakerId: string;
  state: GameState;
  index: SimilarityIndex;
  rules: Rules;
}): GateDecision {
  const { text, speakerId, state, index, rules } = input;
  const nearest = index.nearest(text, 1)[0] ?? null;
  const distinct = new Set(contentWords(text)).size;
  if (distinct < MIN_CONTENT_WORDS) {
    const counted = distinct === 1 ? '1 content word' : `${distinct} content words`;
    return {
      accepted: false,
      reason: 'too_short',
      repeatsMessageId: nearest?.messageId ?? '',
      similarity: nearest?.similarity ?? 0,
      feedback:
        `This is too short to say anything: it has ${counted}, and a contribution needs at least ` +
        `${MIN_CONTENT_WORDS}. ${whatCountsAsNew(state, rules)}`,
    };
  }
  if (!nearest || nearest.similarity < rules.gate.similarityThreshold) {
    return { accepted: true, nearest };
  }
  const repeated = messageById(state, nearest.messageId);
  if (repeated && addsSomethingNew(text, repeated.text)) return { accepted: true, nearest };
  const whose = nearest.speakerId === speakerId ? 'your own earlier contribution ' : '';
  return {
    accepted: false,
    reason: 'repeat',
    repeatsMessageId: nearest.messageId,
    similarity: nearest.similarity,
    feedback:
      `This repeats ${whose}${nearest.messageId} (similarity ${round2(nearest.similarity).toFixed(2)}) ` +
      `and adds nothing new to it. ${whatCountsAsNew(state, rules)}`,
  };
}
