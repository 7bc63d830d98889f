import { messageById, type GameState, type Rules } from '@arena/models';
import { contentWords, splitSentences } from './content-words';
import type { SimilarityIndex, SimilarityMatch } from './similarity-index';

/** Fewer distinct content words than this cannot carry a claim ("so" once passed a gate). */
export const MIN_CONTENT_WORDS = 6;

/**
 * A proposal most of whose words and word sequences already stand in one earlier contribution
 * restates it, even when it is too short beside it to look similar as a whole (a few sentences
 * lifted from a longer message, with a framing phrase added).
 */
export const CONTAINED_SHARE = 0.65;

/** Earlier contributions checked for containment: the closest ones by similarity. */
const CANDIDATES = 5;

/** Longest word sequence compared for containment (as in the similarity index). */
const SHINGLE_SIZE = 3;

/**
 * A clause is new when more than this share of its content words is absent from the message
 * it otherwise repeats...
 */
const NEW_CLAUSE_SHARE = 0.5;

/**
 * ...and when it has at least this many such words: fewer cannot state a claim, a consequence,
 * a test or a proposal. Framing such as "To restate the key point:" or a swapped synonym
 * stays below it.
 */
const MIN_NEW_WORDS = 4;

/** The gate's answer for one proposed contribution. */
export type GateDecision =
  | { accepted: true; nearest: SimilarityMatch | null }
  | {
      accepted: false;
      /** Why: a near-duplicate of an earlier contribution, or too short to say anything. */
      reason: 'repeat' | 'too_short';
      /** The repeated contribution; for `too_short`, the closest one, or '' when none is close. */
      repeatsMessageId: string;
      /**
       * How close it is: the estimated similarity, or for a proposal contained in a longer
       * message, the share of its word sequences found there (whichever is higher).
       */
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

/** Clauses: sentences, split again where a colon or semicolon introduces what follows. */
function clausesOf(text: string): string[] {
  return splitSentences(text)
    .flatMap((sentence) => sentence.split(/[:;]\s+/))
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

/** True when some clause of `text` is mostly made of content words the repeated message lacks. */
function addsSomethingNew(text: string, repeated: string): boolean {
  const known = new Set(contentWords(repeated));
  return clausesOf(text).some((clause) => {
    const words = new Set(contentWords(clause));
    const unknown = [...words].filter((w) => !known.has(w)).length;
    return unknown >= MIN_NEW_WORDS && unknown / words.size > NEW_CLAUSE_SHARE;
  });
}

/** Word sequences (1 to SHINGLE_SIZE content words) of a text. */
function shinglesOf(text: string): Set<string> {
  const words = contentWords(text);
  const out = new Set<string>();
  for (let size = 1; size <= SHINGLE_SIZE; size++) {
    for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  }
  return out;
}

/** Share of the proposal's word sequences that also occur in `earlier`. */
function containment(proposal: ReadonlySet<string>, earlier: string): number {
  if (proposal.size === 0) return 0;
  const other = shinglesOf(earlier);
  let shared = 0;
  for (const s of proposal) if (other.has(s)) shared++;
  return shared / proposal.size;
}

interface Repeated {
  match: SimilarityMatch;
  /** Similarity or containment, whichever made it a repeat. */
  closeness: number;
  contained: boolean;
}

/**
 * The earlier contribution the proposal repeats, if any: among the nearest ones, those similar
 * enough as a whole or containing most of it, the closest one to which no clause of the
 * proposal adds something new.
 */
function repeatedBy(
  text: string,
  state: GameState,
  candidates: SimilarityMatch[],
  threshold: number,
): Repeated | null {
  const own = shinglesOf(text);
  const close: Array<Repeated & { earlier: string }> = [];
  for (const match of candidates) {
    const earlier = messageById(state, match.messageId)?.text;
    if (earlier === undefined) continue;
    const contained = containment(own, earlier);
    const similar = match.similarity >= threshold;
    if (!similar && contained < CONTAINED_SHARE) continue;
    close.push({
      match,
      earlier,
      closeness: Math.max(match.similarity, contained),
      contained: !similar,
    });
  }
  close.sort((a, b) => b.closeness - a.closeness);
  const repeated = close.find((c) => !addsSomethingNew(text, c.earlier));
  return repeated
    ? { match: repeated.match, closeness: repeated.closeness, contained: repeated.contained }
    : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The anti-repetition gate (ARENA.md §3 step 3). Compares the proposal with every earlier
 * accepted contribution, the speaker's own included, and rejects a near-duplicate, or a
 * proposal mostly contained in one earlier contribution, when no clause of it adds a new claim,
 * consequence, test or proposal; and it rejects a text too short to say anything. The feedback
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
  const candidates = index.nearest(text, CANDIDATES);
  const nearest = candidates[0] ?? null;
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
  const repeated = repeatedBy(text, state, candidates, rules.gate.similarityThreshold);
  if (!repeated) return { accepted: true, nearest };
  const { match } = repeated;
  const whose = match.speakerId === speakerId ? 'your own earlier contribution ' : '';
  const closeness = round2(repeated.closeness).toFixed(2);
  const how = repeated.contained
    ? `: ${Math.round(repeated.closeness * 100)}% of what it says is already there,`
    : ` (similarity ${closeness})`;
  return {
    accepted: false,
    reason: 'repeat',
    repeatsMessageId: match.messageId,
    similarity: Math.min(1, repeated.closeness),
    feedback:
      `This repeats ${whose}${match.messageId}${how} ` +
      `and adds nothing new to it. ${whatCountsAsNew(state, rules)}`,
  };
}
