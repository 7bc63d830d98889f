import type { GameState, Scenario, SubProblem, TranscriptMessage } from '@arena/models';
import { contentWords, plainWords, stem } from './content-words';

/** Shortest word that may meet a longer one as its prefix ("treat" meets "treatment"). */
const MIN_PREFIX = 5;
/** Two longer words sharing this many first letters are one word ("recharging", "recharged"). */
const SHARED_START = 7;

/**
 * The words of a text, ready for tolerant lookup. Keywords are hidden from players, who say
 * "replacing the mains" for "pipe replacement" and "contaminated" for "contamination", so a
 * keyword word meets a text word when the stems are equal, when the shorter (of at least
 * {@link MIN_PREFIX} letters) starts the longer, or when both share their first
 * {@link SHARED_START} letters. Each lookup costs a few set probes, whatever the text's length.
 */
export class KeywordMatcher {
  private readonly keys = new Set<string>();

  constructor(words: Iterable<string>) {
    for (const w of words) {
      this.keys.add(`=${w}`);
      if (w.length >= SHARED_START) this.keys.add(`~${w.slice(0, SHARED_START)}`);
      for (let n = MIN_PREFIX; n < Math.min(w.length, SHARED_START); n++) {
        this.keys.add(`<${w.slice(0, n)}`);
      }
    }
  }

  /** Whether the text has a word that meets the (stemmed) keyword word `word`. */
  meets(word: string): boolean {
    if (this.keys.has(`=${word}`)) return true;
    if (word.length < MIN_PREFIX) return false;
    // The keyword word starts a longer text word.
    if (word.length < SHARED_START && this.keys.has(`<${word}`)) return true;
    // A shorter text word starts the keyword word.
    for (let n = MIN_PREFIX; n < Math.min(word.length, SHARED_START); n++) {
      if (this.keys.has(`=${word.slice(0, n)}`)) return true;
    }
    return word.length >= SHARED_START && this.keys.has(`~${word.slice(0, SHARED_START)}`);
  }
}

/** Stemmed words of a keyword; a keyword made only of stop words still needs its own words. */
function keywordWords(keyword: string): string[] {
  const words = contentWords(keyword);
  return words.length > 0 ? words : plainWords(keyword).map(stem);
}

/** A scenario's sub-problems never change during a game, so each is tokenised once. */
const wordsBySubProblem = new WeakMap<SubProblem, readonly string[][]>();

function subProblemWords(subProblem: SubProblem): readonly string[][] {
  let words = wordsBySubProblem.get(subProblem);
  if (!words) {
    words = subProblem.keywords.map(keywordWords);
    wordsBySubProblem.set(subProblem, words);
  }
  return words;
}

/** Every word of `text` a keyword could meet: stop words included ("first come first served"). */
export function matcherFor(text: string): KeywordMatcher {
  return new KeywordMatcher(new Set([...contentWords(text), ...plainWords(text).map(stem)]));
}

/**
 * The keywords of each sub-problem that `matcher`'s text meets, as indexes into
 * `subProblem.keywords` (a multi-word keyword counts when all its words occur).
 */
export function keywordsMet(
  matcher: KeywordMatcher,
  scenario: Pick<Scenario, 'subProblems'>,
): Record<string, number[]> {
  return Object.fromEntries(
    scenario.subProblems.map((sp) => {
      const met: number[] = [];
      subProblemWords(sp).forEach((words, i) => {
        if (words.every((w) => matcher.meets(w))) met.push(i);
      });
      return [sp.id, met];
    }),
  );
}

/**
 * Coverage of each sub-problem of the scenario by `text`, in [0, 1]: the share of the
 * sub-problem's keywords that occur in the text (stemmed and tolerant of word forms, so
 * "piers" meets "pier" and "replacing" meets "replacement"; a multi-word keyword counts when
 * all its words occur).
 */
export function subProblemCoverage(text: string, state: GameState): Record<string, number> {
  return coverageOf(matcherFor(text), state);
}

/**
 * Coverage of each sub-problem by the conversation as a whole: the share of its keywords that
 * some accepted contribution has used. A problem is solved by the group, not by one message.
 */
export function conversationCoverage(state: GameState): Record<string, number> {
  const met = new Map<string, Set<number>>();
  for (const m of state.messages) {
    if (m.kind !== 'contribution') continue;
    for (const [id, indexes] of Object.entries(messageKeywords(m, state.spec.scenario))) {
      let set = met.get(id);
      if (!set) met.set(id, (set = new Set()));
      for (const i of indexes) set.add(i);
    }
  }
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => [
      sp.id,
      sp.keywords.length === 0 ? 0 : (met.get(sp.id)?.size ?? 0) / sp.keywords.length,
    ]),
  );
}

/** Transcript messages never change once folded, so each is matched once per scenario. */
const keywordsByMessage = new WeakMap<
  TranscriptMessage,
  { scenario: Pick<Scenario, 'subProblems'>; met: Record<string, number[]> }
>();

/** The keywords of each sub-problem that an accepted message meets (cached per message). */
export function messageKeywords(
  message: TranscriptMessage,
  scenario: Pick<Scenario, 'subProblems'>,
): Record<string, number[]> {
  const cached = keywordsByMessage.get(message);
  if (cached && cached.scenario === scenario) return cached.met;
  const met = keywordsMet(matcherFor(message.text), scenario);
  keywordsByMessage.set(message, { scenario, met });
  return met;
}

function coverageOf(matcher: KeywordMatcher, state: GameState): Record<string, number> {
  const met = keywordsMet(matcher, state.spec.scenario);
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => [
      sp.id,
      sp.keywords.length === 0 ? 0 : (met[sp.id]?.length ?? 0) / sp.keywords.length,
    ]),
  );
}
