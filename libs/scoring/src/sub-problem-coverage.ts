import type { GameState, SubProblem, TranscriptMessage } from '@arena/models';
import { contentWords, plainWords, stem } from './content-words';

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

/**
 * Coverage of each sub-problem of the scenario by `text`, in [0, 1]: the share of the
 * sub-problem's keywords that occur in the text (stemmed, so "piers" meets "pier"; a multi-word
 * keyword counts when all its words occur).
 */
export function subProblemCoverage(text: string, state: GameState): Record<string, number> {
  return coverageOf(new Set([...contentWords(text), ...plainWords(text).map(stem)]), state);
}

/**
 * Coverage of each sub-problem by the conversation as a whole: the share of its keywords that
 * some accepted contribution has used. A problem is solved by the group, not by one message.
 */
export function conversationCoverage(state: GameState): Record<string, number> {
  const words = new Set<string>();
  for (const m of state.messages) {
    if (m.kind !== 'contribution') continue;
    for (const w of messageWords(m)) words.add(w);
  }
  return coverageOf(words, state);
}

/** Transcript messages never change once folded, so each is tokenised once. */
const wordsByMessage = new WeakMap<TranscriptMessage, ReadonlySet<string>>();

function messageWords(message: TranscriptMessage): ReadonlySet<string> {
  let words = wordsByMessage.get(message);
  if (!words) {
    words = new Set([...contentWords(message.text), ...plainWords(message.text).map(stem)]);
    wordsByMessage.set(message, words);
  }
  return words;
}

function coverageOf(words: ReadonlySet<string>, state: GameState): Record<string, number> {
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => {
      const matched = subProblemWords(sp).filter((k) => k.every((w) => words.has(w))).length;
      return [sp.id, sp.keywords.length === 0 ? 0 : matched / sp.keywords.length];
    }),
  );
}
