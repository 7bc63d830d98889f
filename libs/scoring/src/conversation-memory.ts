import type { GameSpec, GameState, TranscriptMessage } from '@arena/models';
import { substantiveWords } from './content-words';
import { messageKeywords } from './sub-problem-coverage';

/**
 * What the conversation had said before a contribution, as the judge's signals need it: the
 * words used, where the conversation's centre lies, how far contributions usually land from
 * it, and which sub-problem keywords have been met. Valid until the next lookup for the same
 * game.
 */
export interface ConversationMemory {
  /** Accepted contributions before the one looked up. */
  readonly contributions: number;
  /** Whether an earlier contribution, or the public record of the problem, used this word. */
  said(word: string): boolean;
  /**
   * Cosine distance in [0, 1] of a text's substantive words (term frequencies) from the centroid
   * of the earlier contributions; null before the first contribution.
   */
  distanceOf(words: readonly string[]): number | null;
  /**
   * How far contributions usually land from the centroid of those before them: the mean and
   * standard deviation of those distances, starting from {@link USUAL_DISTANCE} and moving to
   * the game's own as contributions accumulate.
   */
  readonly usual: { mean: number; sd: number };
  /** Whether an earlier contribution met keyword `keyword` (an index) of sub-problem `id`. */
  covered(id: string, keyword: number): boolean;
}

/**
 * The distance assumed before a game shows its own: texts on one topic in different words
 * share few terms, so a new contribution usually lies far (≈0.8) from the centroid. It counts
 * as `weight` contributions, so a few early ones cannot swing the scale.
 */
export const USUAL_DISTANCE = { mean: 0.8, sd: 0.12, weight: 4 } as const;

interface Memory {
  /** Transcript messages folded in so far, and the last of them (to notice another history). */
  seen: number;
  last: TranscriptMessage | undefined;
  contributions: number;
  vocabulary: Set<string>;
  centroid: Map<string, number>;
  centroidNormSq: number;
  distanceCount: number;
  distanceSum: number;
  distanceSumSq: number;
  covered: Map<string, Set<number>>;
}

/** Unit-length term-frequency vector of a list of words. */
function unitTerms(words: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  norm = Math.sqrt(norm);
  for (const [w, c] of counts) counts.set(w, c / norm);
  return counts;
}

function distance(memory: Memory, terms: Map<string, number>): number | null {
  if (memory.centroidNormSq <= 1e-12) return null;
  if (terms.size === 0) return 1;
  let dot = 0;
  for (const [w, v] of terms) dot += v * (memory.centroid.get(w) ?? 0);
  return Math.min(1, Math.max(0, 1 - dot / Math.sqrt(memory.centroidNormSq)));
}

/**
 * The public record every player reads before the first word: the problem as posed and the
 * sub-problems' titles and descriptions (their keywords stay hidden). Restating it is no new
 * idea, and the first speakers do not get its words as theirs.
 */
function publicRecord(spec: GameSpec): string {
  const { title, description, problem, subProblems } = spec.scenario;
  return [title, description, problem, ...subProblems.flatMap((sp) => [sp.title, sp.description])]
    .map((part) => part.trim())
    .join('\n');
}

function emptyMemory(spec: GameSpec): Memory {
  return {
    seen: 0,
    last: undefined,
    contributions: 0,
    vocabulary: new Set(substantiveWords(publicRecord(spec))),
    centroid: new Map(),
    centroidNormSq: 0,
    distanceCount: 0,
    distanceSum: 0,
    distanceSumSq: 0,
    covered: new Map(),
  };
}

function remember(memory: Memory, message: TranscriptMessage, spec: GameSpec): void {
  if (message.kind !== 'contribution') return;
  const words = substantiveWords(message.text);
  const terms = unitTerms(words);
  const d = distance(memory, terms);
  if (d !== null) {
    memory.distanceCount += 1;
    memory.distanceSum += d;
    memory.distanceSumSq += d * d;
  }
  for (const [w, v] of terms) {
    const old = memory.centroid.get(w) ?? 0;
    memory.centroid.set(w, old + v);
    memory.centroidNormSq += (old + v) ** 2 - old ** 2;
  }
  for (const w of words) memory.vocabulary.add(w);
  for (const [id, met] of Object.entries(messageKeywords(message, spec.scenario))) {
    let set = memory.covered.get(id);
    if (!set) memory.covered.set(id, (set = new Set()));
    for (const i of met) set.add(i);
  }
  memory.contributions += 1;
}

/** One memory per game, folded forward as its transcript grows. */
const memories = new WeakMap<GameSpec, Memory>();

/** Where `messageId` sits in the transcript (searched from the end, where new ones are). */
function positionOf(messages: readonly TranscriptMessage[], messageId: string): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.id === messageId) return i;
  }
  return messages.length;
}

/**
 * The conversation's memory just before `messageId` (the whole transcript when the message is
 * not in it yet). Kept per game and folded forward from where the last lookup stopped, so a
 * game's lookups cost the new messages' words, not the length of the game; it is rebuilt from
 * the transcript when the state shows another history (a resumed or forked game gives the
 * same answers as the original).
 */
export function conversationMemory(state: GameState, messageId: string): ConversationMemory {
  const messages = state.messages;
  const until = positionOf(messages, messageId);
  let memory = memories.get(state.spec);
  if (
    !memory ||
    memory.seen > until ||
    (memory.seen > 0 && messages[memory.seen - 1] !== memory.last)
  ) {
    memory = emptyMemory(state.spec);
    memories.set(state.spec, memory);
  }
  for (let i = memory.seen; i < until; i++) {
    remember(memory, messages[i] as TranscriptMessage, state.spec);
  }
  memory.seen = until;
  memory.last = until > 0 ? messages[until - 1] : undefined;

  const { mean: mean0, sd: sd0, weight } = USUAL_DISTANCE;
  const n = memory.distanceCount;
  const mean = (weight * mean0 + memory.distanceSum) / (weight + n);
  const spread =
    memory.distanceSumSq -
    2 * mean * memory.distanceSum +
    n * mean * mean +
    weight * (sd0 * sd0 + (mean0 - mean) ** 2);
  const sd = Math.sqrt(Math.max(spread, 0) / (weight + n));
  const current = memory;
  return {
    contributions: current.contributions,
    said: (word) => current.vocabulary.has(word),
    distanceOf: (words) => distance(current, unitTerms(words)),
    usual: { mean, sd },
    covered: (id, keyword) => current.covered.get(id)?.has(keyword) ?? false,
  };
}
