import {
  DIMENSIONS,
  messageById,
  type Dimension,
  type DimensionScores,
  type DetectorHit,
  type GameState,
  type Phase,
} from '@arena/models';
import { contentWords } from './content-words';
import { DETECTOR_SEVERITY, detectManipulation } from './detect-manipulation';
import { signedWeights } from './signed-weights';
import type { SimilarityIndex } from './similarity-index';
import { subProblemCoverage } from './sub-problem-coverage';

/** The deterministic judge's assessment of one accepted contribution (ARENA.md §4). */
export interface ContributionScore {
  phase: Phase;
  /** Each in [0,1]. */
  scores: DimensionScores;
  /** Signed weights actually applied. */
  weights: Record<Dimension, number>;
  /** Sum of weights × scores. */
  points: number;
  /** One short sentence per dimension, citing the signal. */
  rationales: Record<Dimension, string>;
  /** Coverage of each sub-problem id by this contribution, [0,1]. */
  coverage: Record<string, number>;
  detectorHits: DetectorHit[];
  judge: 'deterministic';
}

/** Message kinds a contribution can build on: what players said, not what officials said. */
const BUILDABLE = new Set(['contribution', 'accusation', 'defence']);

/** Share of the cited text's words reused at which engagement counts as full. */
const FULL_OVERLAP = 0.4;

/** Coverage gains below this are rounding noise, not progress. */
const NO_GAIN = 0.01;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (n: number) => `${Math.round(n * 100)}%`;

function overlapShare(own: Set<string>, cited: string): number {
  const theirs = new Set(contentWords(cited));
  const smaller = Math.min(own.size, theirs.size);
  if (smaller === 0) return 0;
  return [...own].filter((w) => theirs.has(w)).length / smaller;
}

function buildsOnOthers(
  state: GameState,
  contribution: { messageId: string; playerId: string; text: string; cites: string[] },
): { score: number; rationale: string } {
  const own = new Set(contentWords(contribution.text));
  const credited: Array<{ id: string; author: string; overlap: number }> = [];
  const ignored: string[] = [];
  for (const id of [...new Set(contribution.cites)]) {
    const cited = messageById(state, id);
    if (id === contribution.messageId) ignored.push(`${id} is this contribution itself`);
    else if (!cited) ignored.push(`${id} does not exist`);
    else if (cited.speakerId === contribution.playerId) ignored.push(`${id} is its own message`);
    else if (!BUILDABLE.has(cited.kind) || cited.speakerId === null) {
      ignored.push(`${id} is an official's ${cited.kind} message`);
    } else credited.push({ id, author: cited.speakerId, overlap: overlapShare(own, cited.text) });
  }
  const ignoredNote = ignored.length > 0 ? ` Not counted: ${ignored.join('; ')}.` : '';
  if (credited.length === 0) {
    return { score: 0, rationale: `Cites no earlier message by another player.${ignoredNote}` };
  }
  const engagement = (overlap: number) => 0.2 + 0.8 * Math.min(1, overlap / FULL_OVERLAP);
  const best = credited.reduce((a, b) => (b.overlap > a.overlap ? b : a));
  const score = Math.min(1, engagement(best.overlap) + 0.1 * (credited.length - 1));
  const others = credited.length > 1 ? ` and ${credited.length - 1} more` : '';
  return {
    score,
    rationale:
      `Builds on ${best.id} by ${best.author} (${percent(best.overlap)} word overlap)${others}.` +
      ignoredNote,
  };
}

function solvesSubproblem(
  state: GameState,
  coverage: Record<string, number>,
): { score: number; rationale: string } {
  const subProblems = state.spec.scenario.subProblems;
  let best = { title: '', value: 0 };
  let gain = { title: '', value: 0, from: 0 };
  for (const sp of subProblems) {
    const value = coverage[sp.id] ?? 0;
    const before = state.coverage[sp.id] ?? 0;
    if (value > best.value) best = { title: sp.title, value };
    if (value - before > Math.max(gain.value, NO_GAIN)) {
      gain = { title: sp.title, value: value - before, from: before };
    }
  }
  if (best.value === 0) {
    return { score: 0, rationale: "Meets none of the sub-problems' criteria." };
  }
  const score = Math.min(1, 0.7 * best.value + 0.6 * gain.value);
  const progress =
    gain.value > 0
      ? ` and raises ${gain.title} from ${percent(gain.from)} to ${percent(gain.from + gain.value)}`
      : ', no further than earlier contributions went';
  return { score, rationale: `Covers ${percent(best.value)} of ${best.title}${progress}.` };
}

function manipulation(hits: DetectorHit[]): { score: number; rationale: string } {
  if (hits.length === 0) return { score: 0, rationale: 'No manipulation detected.' };
  const score = 1 - hits.reduce((keep, h) => keep * (1 - DETECTOR_SEVERITY[h.detector]), 1);
  const listed = hits.map((h) => `${h.detector} ("${h.quote}")`).join(', ');
  return {
    score,
    rationale: `${hits.length === 1 ? '1 detector hit' : `${hits.length} detector hits`}: ${listed}.`,
  };
}

/**
 * The deterministic judge: scores an accepted contribution on the five dimensions and weighs
 * them for the current phase and mode. Works whether or not the contribution has already been
 * added to `index` and to the state's transcript.
 *
 * - novelty: 1 - the highest similarity to any earlier contribution (1 when there is none);
 * - builds_on_others: 0.2 to 1 for the best cited message by another player, by how many of
 *   its words are taken up, +0.1 per further such citation; own or missing ids give nothing;
 * - solves_subproblem: 0.7 × the best sub-problem coverage + 0.6 × the largest gain over the
 *   best coverage reached before (`state.coverage`), capped at 1;
 * - radical_idea: 0.6 × distance from the conversation's centroid + 0.4 × novelty;
 * - manipulation: 1 - the product of (1 - severity) over the detector hits.
 *
 * @example
 * const score = scoreContribution({ state, contribution: { messageId: 'M7', playerId: 'P2', text, cites: ['M5'] }, index });
 */
export function scoreContribution(input: {
  state: GameState;
  contribution: { messageId: string; playerId: string; text: string; cites: string[] };
  index: SimilarityIndex;
}): ContributionScore {
  const { state, contribution, index } = input;
  // The phase in force is the one the log recorded (phase_changed at the start of a turn).
  const phase = state.phase;
  const weights = signedWeights(state.spec.rules, phase, state.spec.mode);

  const nearest = index
    .nearest(contribution.text, 2)
    .find((m) => m.messageId !== contribution.messageId);
  const novelty = 1 - (nearest?.similarity ?? 0);
  const distance = index.centroidDistance(contribution.text, {
    excludeMessageId: contribution.messageId,
  });
  const builds = buildsOnOthers(state, contribution);
  const coverage = Object.fromEntries(
    Object.entries(subProblemCoverage(contribution.text, state)).map(([id, c]) => [id, round(c)]),
  );
  const solves = solvesSubproblem(state, coverage);
  const detectorHits = detectManipulation(contribution.text, state, contribution.playerId);
  const manipulated = manipulation(detectorHits);

  const scores: DimensionScores = {
    novelty: round(novelty),
    builds_on_others: round(builds.score),
    solves_subproblem: round(solves.score),
    radical_idea: round(0.6 * distance + 0.4 * novelty),
    manipulation: round(manipulated.score),
  };
  const rationales: Record<Dimension, string> = {
    novelty: nearest
      ? `Closest earlier contribution is ${nearest.messageId} (similarity ${nearest.similarity.toFixed(2)}).`
      : 'Nothing similar has been said before.',
    builds_on_others: builds.rationale,
    solves_subproblem: solves.rationale,
    radical_idea: `Distance from the conversation's centre ${distance.toFixed(2)}, novelty ${novelty.toFixed(2)}.`,
    manipulation: manipulated.rationale,
  };
  const points = round(
    DIMENSIONS.reduce((sum, d) => sum + weights[d] * scores[d], 0),
    4,
  );
  return {
    phase,
    scores,
    weights,
    points,
    rationales,
    coverage,
    detectorHits,
    judge: 'deterministic',
  };
}
