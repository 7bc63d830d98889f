import type { GameState } from '@arena/models';
import { contentWords, plainWords, stem } from './content-words';

/** Stemmed words of a keyword; a keyword made only of stop words still needs its own words. */
function keywordWords(keyword: string): string[] {
  const words = contentWords(keyword);
  return words.length > 0 ? words : plainWords(keyword).map(stem);
}

/**
 * Coverage of each sub-problem of the scenario by `text`, in [0, 1]: the share of the
 * sub-problem's keywords that occur in the text (stemmed, so "piers" meets "pier"; a multi-word
 * keyword counts when all its words occur).
 */
export function subProblemCoverage(text: string, state: GameState): Record<string, number> {
  const words = new Set([...contentWords(text), ...plainWords(text).map(stem)]);
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => {
      const matched = sp.keywords.filter((k) => keywordWords(k).every((w) => words.has(w))).length;
      return [sp.id, sp.keywords.length === 0 ? 0 : matched / sp.keywords.length];
    }),
  );
}
