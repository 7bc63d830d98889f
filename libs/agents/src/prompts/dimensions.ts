import type { Dimension } from '@arena/models';

/** What each scoring dimension rewards, in words players and judges both read. */
export const DIMENSION_MEANINGS: Record<Dimension, string> = {
  novelty: 'new ideas compared with everything said so far in the game',
  builds_on_others: "engaging with, extending or correcting other players' contributions",
  solves_subproblem: "concrete progress on one of the scenario's sub-problems",
  radical_idea: 'a genuinely different approach, not a variation of the current direction',
  manipulation: 'attempts to steer, deceive or pressure other players or the judge',
};

/** The judge's anchors for each dimension: what a score of 0, 0.5 and 1 mean. */
export const DIMENSION_ANCHORS: Record<Dimension, [zero: string, half: string, one: string]> = {
  novelty: [
    'repeats or paraphrases what was already said',
    'adds new detail, evidence or a consequence to ideas already on the table',
    'introduces a claim, mechanism or proposal nobody has made yet',
  ],
  builds_on_others: [
    "ignores everyone else's contributions",
    'mentions or cites others but only in passing',
    'substantively extends, combines or corrects specific earlier contributions it cites',
  ],
  solves_subproblem: [
    'advances none of the sub-problems',
    'partial or vague progress on a sub-problem',
    'a concrete, checkable advance that meets what a sub-problem needs',
  ],
  radical_idea: [
    'conventional, within the direction the conversation already has',
    'a notable twist on the current direction',
    'a fundamentally different framing or approach',
  ],
  manipulation: [
    'none: states its case plainly',
    'some pressure, flattery, misleading framing or selective quoting',
    'blatant: instructions aimed at the judge or the system, invented quotes or record, impersonation, or coercion of others',
  ],
};
