import { messageById, type GameState, type Rules, type TranscriptMessage } from '@arena/models';
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

/** What the gate compares of an earlier message: its content words. */
interface MessageWords {
  /** In order, repeats kept. */
  list: readonly string[];
  /** Distinct. */
  words: ReadonlySet<string>;
}

/**
 * ...and of a proposal, its clauses and word sequences (1 to {@link SHINGLE_SIZE} content
 * words), each sequence as a number: the words' indexes in the proposal's vocabulary, read as
 * the digits of a number in base vocabulary size + 1. Distinct sequences get distinct numbers,
 * and a sequence of an earlier message that uses a word outside the vocabulary cannot be one
 * of them, so comparing costs a few lookups per word of the earlier message and builds no
 * strings.
 */
interface ProposalWords extends MessageWords {
  /** The distinct content words of each clause. */
  clauses: ReadonlyArray<ReadonlySet<string>>;
  /** Each distinct content word's digit, from 1. */
  digits: ReadonlyMap<string, number>;
  shingles: ReadonlySet<number>;
}

function wordsOf(text: string): MessageWords {
  const list = contentWords(text);
  return { list, words: new Set(list) };
}

/**
 * Calls `visit` with the number of every word sequence of `list` whose words all have a digit
 * (see {@link ProposalWords}).
 */
function forEachShingle(
  list: readonly string[],
  digits: ReadonlyMap<string, number>,
  visit: (shingle: number) => void,
): void {
  const base = digits.size + 1;
  const at = list.map((w) => digits.get(w) ?? 0);
  for (let i = 0; i < at.length; i++) {
    let shingle = 0;
    for (let size = 1; size <= SHINGLE_SIZE && i + size <= at.length; size++) {
      const digit = at[i + size - 1] as number;
      if (digit === 0) break;
      shingle = shingle * base + digit;
      visit(shingle);
    }
  }
}

function proposalWords(text: string): ProposalWords {
  const { list, words } = wordsOf(text);
  const digits = new Map<string, number>();
  for (const w of words) digits.set(w, digits.size + 1);
  const shingles = new Set<number>();
  forEachShingle(list, digits, (shingle) => shingles.add(shingle));
  return {
    list,
    words,
    digits,
    shingles,
    clauses: clausesOf(text).map((clause) => new Set(contentWords(clause))),
  };
}

/** A folded message never changes, so an earlier message is analysed once, not per proposal. */
const wordsByMessage = new WeakMap<TranscriptMessage, MessageWords>();

function messageWords(message: TranscriptMessage): MessageWords {
  let words = wordsByMessage.get(message);
  if (!words) {
    words = wordsOf(message.text);
    wordsByMessage.set(message, words);
  }
  return words;
}

/** Whether a clause is mostly made of content words that `known` lacks, enough to say something. */
function isNewClause(clause: ReadonlySet<string>, known: ReadonlySet<string>): boolean {
  let unknown = 0;
  for (const w of clause) if (!known.has(w)) unknown++;
  return unknown >= MIN_NEW_WORDS && unknown / clause.size > NEW_CLAUSE_SHARE;
}

/** True when some clause of the proposal is mostly made of content words the repeated message lacks. */
function addsSomethingNew(proposal: ProposalWords, repeated: MessageWords): boolean {
  return proposal.clauses.some((clause) => isNewClause(clause, repeated.words));
}

/**
 * For a proposal that says what an earlier message said in other words: true when some clause
 * is new in words and the other clauses alone hold at least as many distinct content words as
 * the earlier message, so that they could restate it without that clause. A paraphrase is new
 * in words throughout, so a new clause only counts beyond a restatement; and a restatement
 * takes about as many content words as the message it restates, however its clauses are cut.
 */
function addsBeyondRestatement(proposal: ProposalWords, repeated: MessageWords): boolean {
  const needed = repeated.words.size;
  return proposal.clauses.some((clause, i) => {
    if (!isNewClause(clause, repeated.words)) return false;
    const rest = new Set<string>();
    proposal.clauses.forEach((other, j) => {
      if (j !== i) for (const w of other) rest.add(w);
    });
    return rest.size >= needed;
  });
}

/** Share of the proposal's word sequences that also occur in `earlier`. */
function containment(proposal: ProposalWords, earlier: MessageWords): number {
  if (proposal.shingles.size === 0) return 0;
  const shared = new Set<number>();
  forEachShingle(earlier.list, proposal.digits, (shingle) => {
    if (proposal.shingles.has(shingle)) shared.add(shingle);
  });
  return shared.size / proposal.shingles.size;
}

interface Repeated {
  match: SimilarityMatch;
  /** Similarity or containment, whichever made it a repeat. */
  closeness: number;
  contained: boolean;
  /** Close in meaning only: the words alone would not make it a repeat. */
  byMeaning: boolean;
}

/**
 * The earlier contribution the proposal repeats, if any: among the nearest ones, those similar
 * enough as a whole or containing most of it, the closest one to which the proposal adds
 * nothing new (see {@link checkContribution}).
 */
function repeatedBy(
  proposal: ProposalWords,
  state: GameState,
  candidates: SimilarityMatch[],
  threshold: number,
): Repeated | null {
  const close: Array<Repeated & { earlier: MessageWords }> = [];
  for (const match of candidates) {
    const message = messageById(state, match.messageId);
    if (message === undefined) continue;
    const earlier = messageWords(message);
    const contained = containment(proposal, earlier);
    const similar = match.similarity >= threshold;
    if (!similar && contained < CONTAINED_SHARE) continue;
    const byMeaning =
      similar &&
      contained < CONTAINED_SHARE &&
      match.semantic !== undefined &&
      (match.lexical ?? 0) < threshold;
    close.push({
      match,
      earlier,
      closeness: Math.max(match.similarity, contained),
      contained: !similar,
      byMeaning,
    });
  }
  close.sort((a, b) => b.closeness - a.closeness);
  const repeated = close.find((c) =>
    c.byMeaning
      ? !addsBeyondRestatement(proposal, c.earlier)
      : !addsSomethingNew(proposal, c.earlier),
  );
  return repeated
    ? {
        match: repeated.match,
        closeness: repeated.closeness,
        contained: repeated.contained,
        byMeaning: repeated.byMeaning,
      }
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
 * A clause adds something new when at least four of its content words (`MIN_NEW_WORDS`), and
 * more than half, are missing from the earlier message. That test is blind to a paraphrase,
 * which is new in words throughout; so when `index` compares meanings (a view from
 * `withQueryVector`) and a match is close in meaning only (`semantic` at or above
 * `rules.gate.similarityThreshold`, while its `lexical` similarity and containment alone would
 * not make it a repeat), a new clause counts only beyond a restatement: the other clauses must
 * hold, on their own, at least as many distinct content words as the earlier message (a
 * restatement needs about as many). A rewording is rejected however its sentences are cut, as
 * long as it is no wordier than the message it restates; a rewording followed by a clause of
 * its own is accepted. Without vectors nothing changes.
 *
 * Its cost does not grow with the game: besides the index lookup, it reads only the few
 * nearest messages, each analysed once however many proposals meet it.
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
  const proposal = proposalWords(text);
  const distinct = proposal.words.size;
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
  const repeated = repeatedBy(proposal, state, candidates, rules.gate.similarityThreshold);
  if (!repeated) return { accepted: true, nearest };
  const { match } = repeated;
  const whose = match.speakerId === speakerId ? 'your own earlier contribution ' : '';
  const closeness = round2(repeated.closeness).toFixed(2);
  const repeats = repeated.byMeaning
    ? `This says what ${whose}${match.messageId} said, in other words (similarity in meaning ` +
      `${closeness}), and adds nothing beyond it: rewording it does not count. `
    : `This repeats ${whose}${match.messageId}${
        repeated.contained
          ? `: ${Math.round(repeated.closeness * 100)}% of what it says is already there,`
          : ` (similarity ${closeness})`
      } and adds nothing new to it. `;
  return {
    accepted: false,
    reason: 'repeat',
    repeatsMessageId: match.messageId,
    similarity: Math.min(1, repeated.closeness),
    feedback: `${repeats}${whatCountsAsNew(state, rules)}`,
  };
}
