import type { GameState } from '@arena/models';
import { conversationCoverage } from './sub-problem-coverage';

/** Whether the judge rules the problem solved at a round's end. */
export interface SolvedCheck {
  solved: boolean;
  /** Share of each sub-problem's keywords the conversation has used so far. */
  coverage: Record<string, number>;
  /** Public text listing covered and uncovered sub-problems by title. */
  reasoning: string;
}

/**
 * Solved when at least `rules.solved.minRounds` rounds have been played (state.round is the
 * round just finished) and the conversation's accepted contributions together cover every
 * required sub-problem (scenario success criteria: 'all' or ids) to `rules.solved.coverage`.
 */
export function checkSolved(state: GameState): SolvedCheck {
  const coverage = conversationCoverage(state);
  const { coverage: needed, minRounds } = state.spec.rules.solved;
  const scenario = state.spec.scenario;
  const required = scenario.successCriteria.required;
  const subProblems =
    required === 'all'
      ? scenario.subProblems
      : scenario.subProblems.filter((sp) => required.includes(sp.id));
  const covered = subProblems.filter((sp) => (coverage[sp.id] ?? 0) >= needed);
  const uncovered = subProblems.filter((sp) => (coverage[sp.id] ?? 0) < needed);
  const titles = (list: typeof subProblems) => list.map((sp) => sp.title).join(', ');
  const parts = [
    covered.length > 0 ? `Covered: ${titles(covered)}.` : 'No required sub-problem is covered yet.',
    uncovered.length > 0
      ? `Not yet covered: ${titles(uncovered)}.`
      : 'Every required sub-problem is covered.',
  ];
  const early = state.round < minRounds;
  if (early)
    parts.push(
      `The problem can be ruled solved from round ${minRounds}; this is round ${state.round}.`,
    );
  const solved = !early && uncovered.length === 0;
  parts.unshift(
    solved
      ? `The problem is solved: ${scenario.successCriteria.description}`
      : 'The problem is not solved yet.',
  );
  return { solved, coverage, reasoning: parts.join(' ') };
}
