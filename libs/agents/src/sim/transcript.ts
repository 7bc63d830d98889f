import type { GameState, Rng, Scenario, SubProblem, TranscriptMessage } from '@arena/models';

/** Accepted contributions, oldest first. */
export function contributionsOf(state: GameState): TranscriptMessage[] {
  return state.messages.filter((m) => m.kind === 'contribution');
}

export function isActive(state: GameState, playerId: string | null): boolean {
  return state.players.some((p) => p.id === playerId && p.status === 'active');
}

export function nameOf(state: GameState, playerId: string | null): string {
  return state.players.find((p) => p.id === playerId)?.name ?? 'someone';
}

/** Characters of the public record a role reads before answering (for usage accounting). */
export function recordLength(state: GameState): number {
  const scenario = state.spec.scenario;
  return (
    scenario.problem.length +
    scenario.subProblems.reduce((n, sp) => n + sp.title.length + sp.description.length, 0) +
    state.messages.reduce((n, m) => n + m.text.length, 0)
  );
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function shingles(text: string): Set<string> {
  const w = words(text);
  if (w.length < 3) return new Set(w);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

function jaccard(sa: ReadonlySet<string>, sb: ReadonlySet<string>): number {
  if (sa.size === 0 || sb.size === 0) return 0;
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}

/** Transcript messages never change, so their shingles are computed once per message object. */
const shingleCache = new WeakMap<TranscriptMessage, Set<string>>();

function messageShingles(message: TranscriptMessage): Set<string> {
  let cached = shingleCache.get(message);
  if (!cached) {
    cached = shingles(message.text);
    shingleCache.set(message, cached);
  }
  return cached;
}

/**
 * The message most similar to `text` by Jaccard similarity of word 3-shingles (1 for identical
 * texts, near 0 for unrelated ones); undefined when there are no messages.
 */
export function mostSimilar(
  text: string,
  messages: readonly TranscriptMessage[],
): { message: TranscriptMessage; similarity: number } | undefined {
  const own = shingles(text);
  let best: { message: TranscriptMessage; similarity: number } | undefined;
  for (const message of messages) {
    const similarity = jaccard(own, messageShingles(message));
    if (!best || similarity > best.similarity) best = { message, similarity };
  }
  return best;
}

/** Highest similarity of `text` to any of `messages` (0 when there are none). */
export function maxSimilarity(text: string, messages: readonly TranscriptMessage[]): number {
  return mostSimilar(text, messages)?.similarity ?? 0;
}

/** Scenario keywords each contribution mentions, computed once per message. */
const keywordsByMessage = new WeakMap<TranscriptMessage, ReadonlySet<string>>();

/**
 * How much of each sub-problem the conversation has talked about, as any player can tell from the
 * transcript: the share of its keywords some contribution mentions. (The judge's own coverage
 * scores are hidden from players.)
 */
export function heardCoverage(state: GameState): Record<string, number> {
  const keywords = state.spec.scenario.subProblems.flatMap((sp) => sp.keywords);
  const heard = new Set<string>();
  for (const m of contributionsOf(state)) {
    let found = keywordsByMessage.get(m);
    if (!found) {
      found = new Set(keywords.filter((k) => mentions(m.text, k)));
      keywordsByMessage.set(m, found);
    }
    for (const k of found) heard.add(k);
  }
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => [
      sp.id,
      sp.keywords.filter((k) => heard.has(k)).length / sp.keywords.length,
    ]),
  );
}

export function mentions(text: string, keyword: string): boolean {
  return text.toLowerCase().includes(keyword.toLowerCase());
}

/** The sub-problem whose keywords the text uses most, if it uses any. */
export function subProblemOf(scenario: Scenario, text: string): SubProblem | undefined {
  let best: SubProblem | undefined;
  let bestHits = 0;
  for (const sp of scenario.subProblems) {
    const hits = sp.keywords.filter((k) => mentions(text, k)).length;
    if (hits > bestHits) {
      best = sp;
      bestHits = hits;
    }
  }
  return best;
}

/** Message ids (`M7`) named in a text, in order of appearance. */
export function messageIdsIn(text: string): string[] {
  return [...new Set(text.match(/\bM\d+\b/g) ?? [])];
}

/** Splits text into sentences; every sentence is an exact substring of the text. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Strips closing punctuation so a sentence can be quoted mid-line; still an exact substring. */
export function bareSentence(sentence: string): string {
  return sentence.replace(/[.!?,;:]+$/, '');
}

/** Words a quote should not stop on: it would read as cut off mid-phrase. */
const DANGLING = new Set(
  'a an the and or but of to for with by from in on at as is are was be that this than then where when which who if so its their our your my we i it into'.split(
    ' ',
  ),
);

/**
 * A short exact fragment (3–7 words) of one of `sentences`, for quoting: never crosses a
 * sentence, never contains quotation marks or brackets. Prefers fragments that use one of
 * `prefer` (case-insensitive), that do not stop on a dangling word, and that start where a phrase
 * starts, so quotes read naturally.
 */
export function quoteFragment(
  sentences: readonly string[],
  rng: Rng,
  prefer: readonly string[] = [],
): string | undefined {
  const windows: { fragment: string; rank: number }[] = [];
  for (const sentence of sentences) {
    const tokens = sentence.split(' ');
    for (let size = 3; size <= 7; size++) {
      for (let i = 0; i + size <= tokens.length; i++) {
        const window = tokens.slice(i, i + size);
        if (window.some((t) => t === '' || /["“”()\s]/.test(t))) continue;
        if (window.slice(0, -1).some((t) => /[.!?;:]$/.test(t))) continue;
        const fragment = window.join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
        if (fragment.split(' ').length < 3) continue;
        const phraseStart = i === 0 || /[,;:]$/.test(tokens[i - 1] ?? '');
        const last = fragment.split(' ').at(-1)?.toLowerCase() ?? '';
        const endsOnWord = !DANGLING.has(last);
        const keyword = prefer.some((k) => mentions(fragment, k));
        windows.push({
          fragment,
          rank: (keyword ? 4 : 0) + (endsOnWord ? 2 : 0) + (phraseStart ? 1 : 0),
        });
      }
    }
  }
  if (windows.length === 0) return undefined;
  const top = Math.max(...windows.map((w) => w.rank));
  return rng.pick(windows.filter((w) => w.rank === top)).fragment;
}

/** The first `count` words of a text, for short public quotes of long messages. */
export function opening(text: string, count: number): string {
  const tokens = text.trim().split(/\s+/);
  const head = tokens.slice(0, count).join(' ');
  return tokens.length > count ? `${head.replace(/[.,;:!?]+$/, '')}…` : head;
}
