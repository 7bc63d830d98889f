import {
  DIMENSIONS,
  messageById,
  type Dimension,
  type DimensionScores,
  type DetectorHit,
  type GameState,
  type Phase,
} from '@arena/models';
import { MIN_CONTENT_WORDS } from './check-contribution';
import { contentWords, splitSentences, substantiveWords } from './content-words';
import { conversationMemory, type ConversationMemory } from './conversation-memory';
import { DETECTOR_SEVERITY, detectManipulation } from './detect-manipulation';
import { signedWeights } from './signed-weights';
import type { SimilarityIndex } from './similarity-index';
import { keywordsMet, matcherFor } from './sub-problem-coverage';

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

/** Share of new substantive words at which a contribution reads as entirely new. */
const FULLY_NEW_SHARE = 0.8;

/**
 * Similarity (estimated shingle Jaccard) that two different texts on one topic already share;
 * closeness to an earlier contribution counts from here up to the gate's threshold.
 */
const TOPIC_SIMILARITY = 0.1;

/** Novelty from which a citing contribution fully extends what it cites (below: it echoes). */
const EXTENDS_AT = 0.6;
/** Share of its engagement that a citation keeps when it adds nothing of its own. */
const ECHO_SHARE = 0.4;

/** Keywords of one sub-problem that a solid proposal on it meets (hidden keywords are sparse). */
const SOLID_KEYWORDS = 3;
/** A keyword the conversation has met before counts this much of a newly met one. */
const REPEATED_KEYWORD = 0.5;
/** Weight of the sub-problems other than the best covered one. */
const OTHER_SUB_PROBLEMS = 0.25;
/** Novelty at which a contribution's progress counts in full. */
const FULL_PROGRESS_AT = 0.8;
/** Share of the solving score a new idea earns without meeting any keyword. */
const OFF_CRITERIA_SHARE = 0.4;

/** How much a cited message's engagement makes a contribution an extension, not a departure. */
const EXTENSION_WEIGHT = 0.7;
/** How much meeting the anticipated criteria makes an approach conventional. */
const CONVENTION_WEIGHT = 0.6;
/** Radical needs a new idea first: novelty counts with this power. */
const NOVELTY_POWER = 1.5;
/** The product of the radical factors rarely nears 1; this scale lets a clear case reach it. */
const RADICAL_SCALE = 1.5;

/**
 * Manipulation grows with the summed severity of the detector hits, 1 - exp(-rate × sum): one
 * hit of the most severe detectors (0.5) counts 0.85, and more hits approach 1.
 */
const MANIPULATION_RATE = -Math.log(0.15) / 0.5;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const percent = (n: number) => `${Math.round(n * 100)}%`;
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/**
 * The text without the sentences that carry a detector hit: instructions to the judge,
 * invented quotes or pressure are not ideas, so novelty, engagement and solving are measured on
 * what is left.
 */
function substanceOf(text: string, hits: readonly DetectorHit[]): string {
  if (hits.length === 0) return text;
  const spans = hits
    .map((h) => ({ start: text.indexOf(h.quote), length: h.quote.length }))
    .filter((s) => s.start >= 0)
    .map((s) => ({ start: s.start, end: s.start + s.length }));
  const kept: string[] = [];
  let cursor = 0;
  for (const sentence of splitSentences(text)) {
    const start = text.indexOf(sentence, cursor);
    const end = start + sentence.length;
    cursor = end;
    if (!spans.some((s) => s.start < end && start < s.end)) kept.push(sentence);
  }
  return kept.join(' ');
}

function overlapShare(own: Set<string>, cited: string): number {
  const theirs = new Set(contentWords(cited));
  const smaller = Math.min(own.size, theirs.size);
  if (smaller === 0) return 0;
  return [...own].filter((w) => theirs.has(w)).length / smaller;
}

interface Engagement {
  score: number;
  /** What it builds on, or null when no citation counts. */
  cited: string | null;
  ignoredNote: string;
}

/**
 * Engagement with cited messages by other players: 0.2 to 1 for the best one, by how many of
 * its words are taken up, +0.1 per further one.
 */
function engagementWith(
  state: GameState,
  contribution: { messageId: string; playerId: string; cites: string[] },
  substance: string,
): Engagement {
  const own = new Set(contentWords(substance));
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
  if (credited.length === 0) return { score: 0, cited: null, ignoredNote };
  const engagement = (overlap: number) => 0.2 + 0.8 * Math.min(1, overlap / FULL_OVERLAP);
  const best = credited.reduce((a, b) => (b.overlap > a.overlap ? b : a));
  const score = Math.min(1, engagement(best.overlap) + 0.1 * (credited.length - 1));
  const others = credited.length > 1 ? ` and ${credited.length - 1} more` : '';
  return {
    score,
    cited: `Builds on ${best.id} by ${best.author} (${percent(best.overlap)} word overlap)${others}`,
    ignoredNote,
  };
}

/**
 * Building on others means extending them: a citation that adds nothing of its own keeps
 * {@link ECHO_SHARE} of its engagement, one as new as {@link EXTENDS_AT} keeps all of it.
 */
function buildsOnOthers(
  engagement: Engagement,
  novelty: number,
): { score: number; rationale: string } {
  if (engagement.cited === null) {
    return {
      score: 0,
      rationale: `Cites no earlier message by another player.${engagement.ignoredNote}`,
    };
  }
  const extension = ECHO_SHARE + (1 - ECHO_SHARE) * clamp01(novelty / EXTENDS_AT);
  const adds = extension < 1 ? `, adding only in part (novelty ${novelty.toFixed(2)})` : '';
  return {
    score: engagement.score * extension,
    rationale: `${engagement.cited}${adds}.${engagement.ignoredNote}`,
  };
}

interface Novelty {
  score: number;
  rationale: string;
}

function noveltyOf(
  words: readonly string[],
  memory: ConversationMemory,
  nearest: { messageId: string; similarity: number } | undefined,
  gateThreshold: number,
): Novelty {
  if (words.length === 0) {
    return { score: 0, rationale: 'Says nothing of substance beyond pressure or instructions.' };
  }
  const fresh = words.filter((w) => !memory.said(w)).length;
  const share = fresh / words.length;
  // An idea needs words: as many new ones as the gate asks of any contribution.
  const amount = Math.min(1, fresh / MIN_CONTENT_WORDS);
  const ceiling = Math.max(gateThreshold, TOPIC_SIMILARITY + 0.1);
  const closeness = nearest
    ? clamp01((nearest.similarity - TOPIC_SIMILARITY) / (ceiling - TOPIC_SIMILARITY))
    : 0;
  const score = clamp01(share / FULLY_NEW_SHARE) * amount * (1 - closeness);
  const close = nearest
    ? `; closest earlier contribution ${nearest.messageId} (similarity ${nearest.similarity.toFixed(2)})`
    : '; nothing similar said before';
  return {
    score,
    rationale: `${fresh} of ${words.length} substantive words are new to the conversation${close}.`,
  };
}

function solvesSubproblem(
  state: GameState,
  met: Record<string, number[]>,
  memory: ConversationMemory,
  novelty: number,
): { score: number; relevance: number; rationale: string } {
  const perSubProblem = state.spec.scenario.subProblems.map((sp) => {
    const keywords = met[sp.id] ?? [];
    const fresh = keywords.filter((i) => !memory.covered(sp.id, i)).length;
    const value = clamp01(
      (fresh + REPEATED_KEYWORD * (keywords.length - fresh)) /
        Math.min(SOLID_KEYWORDS, sp.keywords.length),
    );
    return { title: sp.title, met: keywords.length, fresh, value };
  });
  const ranked = [...perSubProblem].sort((a, b) => b.value - a.value);
  const best = ranked[0];
  const relevance = clamp01(
    (best?.value ?? 0) + OTHER_SUB_PROBLEMS * ranked.slice(1).reduce((s, r) => s + r.value, 0),
  );
  const progress = clamp01(novelty / FULL_PROGRESS_AT);
  const score = progress * (OFF_CRITERIA_SHARE + (1 - OFF_CRITERIA_SHARE) * relevance);
  const criteria =
    best && best.met > 0
      ? `Meets ${best.met} criteria of ${best.title} (${best.fresh} new to the conversation)`
      : "Meets none of the sub-problems' criteria";
  return {
    score,
    relevance,
    rationale: `${criteria}; ${progress >= 1 ? 'a new contribution' : `progress ${progress.toFixed(2)} by novelty`}.`,
  };
}

function radicalIdea(input: {
  novelty: number;
  engagement: number;
  relevance: number;
  distance: number | null;
  usual: { mean: number; sd: number };
}): { score: number; rationale: string } {
  const { novelty, engagement, relevance, distance, usual } = input;
  const independence = 1 - EXTENSION_WEIGHT * engagement;
  const unconventional = 1 - CONVENTION_WEIGHT * relevance;
  // How unusual the distance from the centre is for this conversation (0.5 = as usual).
  const z = distance === null ? 0 : (distance - usual.mean) / Math.max(usual.sd, 1e-6);
  const departure = clamp01(0.5 + z / 4);
  const score = clamp01(
    RADICAL_SCALE *
      novelty ** NOVELTY_POWER *
      independence *
      unconventional *
      (0.5 + 0.5 * departure),
  );
  const where =
    distance === null
      ? 'no conversation to depart from yet'
      : `distance from the conversation's centre ${distance.toFixed(2)} (usually ${usual.mean.toFixed(2)})`;
  return {
    score,
    rationale: `Novelty ${novelty.toFixed(2)}, ${where}, extends cited work ${engagement.toFixed(2)}, meets anticipated criteria ${relevance.toFixed(2)}.`,
  };
}

function manipulation(hits: DetectorHit[]): { score: number; rationale: string } {
  if (hits.length === 0) return { score: 0, rationale: 'No manipulation detected.' };
  const severity = hits.reduce((sum, h) => sum + DETECTOR_SEVERITY[h.detector], 0);
  const score = 1 - Math.exp(-MANIPULATION_RATE * severity);
  const listed = hits.map((h) => `${h.detector} ("${h.quote}")`).join(', ');
  return {
    score,
    rationale: `${hits.length === 1 ? '1 detector hit' : `${hits.length} detector hits`}: ${listed}.`,
  };
}

/**
 * The deterministic judge: scores an accepted contribution on the five dimensions and weighs
 * them for the current phase and mode. Works whether or not the contribution has already been
 * added to `index` and to the state's transcript. Sentences carrying a manipulation detector's
 * hit are left out of the contribution's substance, on which novelty, engagement and solving are
 * measured; the game's memory of what was said before is folded forward turn by turn
 * ({@link conversationMemory}), so the cost does not grow with the game.
 *
 * - novelty: the share of the substance's substantive words that nobody (and not the problem
 *   statement) used before, full from 80%; scaled down when fewer than
 *   {@link MIN_CONTENT_WORDS} words are new, and by the closeness to the most similar earlier
 *   contribution (from the similarity two texts on one topic share, 0.1, up to the gate's
 *   threshold);
 * - builds_on_others: 0.2 to 1 for the best cited message by another player, by how many of
 *   its words are taken up, +0.1 per further citation, kept in full only when the contribution
 *   adds something of its own (an echo keeps 40%); own or missing ids give nothing;
 * - solves_subproblem: progress (novelty, full from 0.8) times how squarely it meets a
 *   sub-problem's criteria: keywords met, tolerant of word forms, newly met ones counting
 *   double, three making a solid proposal, other sub-problems a quarter; a new idea that meets
 *   no keyword still earns 40%;
 * - radical_idea: a new idea (novelty^1.5) that is not an extension of cited work, not one of
 *   the anticipated approaches (the criteria) and lands unusually far from the conversation's
 *   centre for this conversation;
 * - manipulation: 1 - exp(-rate × summed severity of the detector hits): one hit of the most
 *   severe detectors counts 0.85, more hits approach 1.
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
  const memory = conversationMemory(state, contribution.messageId);

  const detectorHits = detectManipulation(contribution.text, state, contribution.playerId);
  const substance = substanceOf(contribution.text, detectorHits);
  const words = [...new Set(substantiveWords(substance))];
  const nearest = index
    .nearest(contribution.text, 2)
    .find((m) => m.messageId !== contribution.messageId);
  const novelty = noveltyOf(words, memory, nearest, state.spec.rules.gate.similarityThreshold);

  const engagement = engagementWith(state, contribution, substance);
  const builds = buildsOnOthers(engagement, novelty.score);
  const met = keywordsMet(matcherFor(substance), state.spec.scenario);
  const coverage = Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => [
      sp.id,
      round(sp.keywords.length === 0 ? 0 : (met[sp.id]?.length ?? 0) / sp.keywords.length),
    ]),
  );
  const solves = solvesSubproblem(state, met, memory, novelty.score);
  const radical = radicalIdea({
    novelty: novelty.score,
    engagement: engagement.score,
    relevance: solves.relevance,
    distance: memory.distanceOf(words),
    usual: memory.usual,
  });
  const manipulated = manipulation(detectorHits);

  const scores: DimensionScores = {
    novelty: round(novelty.score),
    builds_on_others: round(builds.score),
    solves_subproblem: round(solves.score),
    radical_idea: round(radical.score),
    manipulation: round(manipulated.score),
  };
  const rationales: Record<Dimension, string> = {
    novelty: novelty.rationale,
    builds_on_others: builds.rationale,
    solves_subproblem: solves.rationale,
    radical_idea: radical.rationale,
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
