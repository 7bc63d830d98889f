import type { Rng } from '@arena/models';

/** Every choice of `k` items from `items`, each in the items' order, in lexicographic order. */
export function* eachCombination<T>(items: readonly T[], k: number): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = 0; i <= items.length - k; i++) {
    for (const rest of eachCombination(items.slice(i + 1), k - 1)) yield [items[i] as T, ...rest];
  }
}

/** {@link eachCombination} as an array. */
export function combinations<T>(items: readonly T[], k: number): T[][] {
  return [...eachCombination(items, k)];
}

/** Number of ways to choose `k` of `n`. */
export function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** `n` items split into `parts` groups whose sizes differ by at most one, larger groups first. */
export function balancedSizes(n: number, parts: number): number[] {
  const base = Math.floor(n / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < n % parts ? 1 : 0));
}

/** Consecutive runs of `items` with the given sizes. */
export function splitBySizes<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  let at = 0;
  return sizes.map((size) => {
    const part = items.slice(at, at + size);
    at += size;
    return part;
  });
}

/**
 * `items` (best seed first) dealt to `parts` groups in snake order — 0, 1, …, p−1, p−1, …, 0,
 * 0, 1, … — so every group gets a similar mix of strong and weak seeds.
 */
export function snakeDeal<T>(items: readonly T[], parts: number): T[][] {
  const groups: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => {
    const pass = Math.floor(i / parts);
    const offset = i % parts;
    groups[pass % 2 === 0 ? offset : parts - 1 - offset]?.push(item);
  });
  return groups;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Orders of the pool tried before settling for a selection that repeats a grouping. */
const SELECTION_ATTEMPTS = 20;

/**
 * `games` groupings of `k` from `pool`, chosen so everyone plays as often as anyone else (within
 * one game; exactly equally when `games × k` is a multiple of the pool size) and pairs meet as
 * evenly as the greedy choice allows. A grouping repeats only when that balance leaves no other
 * choice in each of several seeded orders tried (then the selection with the fewest repeats is
 * kept). Used when a pool has more groupings than a round may play.
 */
export function balancedGroupings(
  pool: readonly string[],
  k: number,
  games: number,
  rng: Rng,
): string[][] {
  let best: { groups: string[][]; repeats: number } | null = null;
  for (let attempt = 0; attempt < SELECTION_ATTEMPTS && best?.repeats !== 0; attempt++) {
    const groups = selectGroupings(pool, rng.shuffle(pool), k, games);
    const repeats = groups.length - new Set(groups.map(groupingKey)).size;
    if (!best || repeats < best.repeats) best = { groups, repeats };
  }
  return best?.groups ?? [];
}

/** One greedy selection, with ties broken in the order `ordered`. */
function selectGroupings(
  pool: readonly string[],
  ordered: readonly string[],
  k: number,
  games: number,
): string[][] {
  const played = new Map(pool.map((e) => [e, 0]));
  const met = new Map<string, number>();
  const chosen = new Set<string>();
  const out: string[][] = [];
  for (let g = 0; g < games; g++) {
    const greedy = greedyGroup(ordered, k, played, met);
    const fresh = (group: readonly string[]) => !chosen.has(groupingKey(group));
    const candidates = () => balancedCandidates(ordered, k, played);
    const lookingAhead = (c: readonly string[]) =>
      fresh(c) && leavesFreshRemainder(c, k, played, chosen);
    const group =
      (lookingAhead(greedy) ? greedy : firstOf(candidates(), lookingAhead)) ??
      (fresh(greedy) ? greedy : firstOf(candidates(), fresh)) ??
      greedy;
    chosen.add(groupingKey(group));
    for (const e of group) played.set(e, (played.get(e) ?? 0) + 1);
    for (const [i, a] of group.entries()) {
      for (const b of group.slice(i + 1)) met.set(pairKey(a, b), (met.get(pairKey(a, b)) ?? 0) + 1);
    }
    out.push(pool.filter((e) => group.includes(e)));
  }
  return out;
}

/** Members one at a time: fewest games first, then fewest meetings with those already in. */
function greedyGroup(
  ordered: readonly string[],
  k: number,
  played: ReadonlyMap<string, number>,
  met: ReadonlyMap<string, number>,
): string[] {
  const group: string[] = [];
  while (group.length < k) {
    const cost = (e: string) => [
      played.get(e) ?? 0,
      group.reduce((sum, o) => sum + (met.get(pairKey(e, o)) ?? 0), 0),
    ];
    const next = ordered
      .filter((e) => !group.includes(e))
      .reduce((best, e) => (lexLess(cost(e), cost(best)) ? e : best));
    group.push(next);
  }
  return group;
}

/** Candidate groupings looked at before a selection settles for a weaker choice. */
const CANDIDATE_LIMIT = 2000;

/** The first of at most {@link CANDIDATE_LIMIT} items that passes `test`. */
function firstOf<T>(items: Iterable<T>, test: (item: T) => boolean): T | undefined {
  let seen = 0;
  for (const item of items) {
    if (test(item)) return item;
    if (++seen >= CANDIDATE_LIMIT) return undefined;
  }
  return undefined;
}

/**
 * Every grouping that keeps the games balanced: everyone with the fewest games (all of them when
 * fewer than `k`), topped up from the next level.
 */
function* balancedCandidates(
  ordered: readonly string[],
  k: number,
  played: ReadonlyMap<string, number>,
): Generator<string[]> {
  const fewest = Math.min(...ordered.map((e) => played.get(e) ?? 0));
  const low = ordered.filter((e) => played.get(e) === fewest);
  const fixed = low.length >= k ? [] : low;
  const from = low.length >= k ? low : ordered.filter((e) => played.get(e) === fewest + 1);
  for (const extra of eachCombination(from, k - fixed.length)) yield [...fixed, ...extra];
}

/**
 * False when choosing `group` would leave exactly `k` entrants with the fewest games — whose
 * grouping the balance then forces next — and they have already played together (or are it).
 */
function leavesFreshRemainder(
  group: readonly string[],
  k: number,
  played: ReadonlyMap<string, number>,
  chosen: ReadonlySet<string>,
): boolean {
  const after = (e: string) => (played.get(e) ?? 0) + (group.includes(e) ? 1 : 0);
  const entrants = [...played.keys()];
  const fewest = Math.min(...entrants.map(after));
  const forced = entrants.filter((e) => after(e) === fewest);
  if (forced.length !== k) return true;
  const key = groupingKey(forced);
  return !chosen.has(key) && key !== groupingKey(group);
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** A grouping's identity regardless of seat order. */
export function groupingKey(entrants: readonly string[]): string {
  return [...entrants].sort().join('|');
}
