/**
 * Reliability statistics for judges: Krippendorff's alpha (interval metric) and Pearson's
 * correlation, plus the pooled within-group correlation used to measure length bias.
 */

/** One unit rated by several coders: a value per coder, `null` (or absent) where one gave none. */
export type ReliabilityUnit = ReadonlyArray<number | null | undefined>;

const isValue = (v: number | null | undefined): v is number =>
  typeof v === 'number' && Number.isFinite(v);

/**
 * Krippendorff's alpha with the interval metric (squared differences), for any number of coders
 * and missing values: `1 − D_o / D_e`, where `D_o` is the disagreement observed within units and
 * `D_e` the disagreement expected by chance over all pairable values. Units with fewer than two
 * values are not pairable and are left out. Returns null when alpha is undefined: fewer than two
 * pairable values, or no variation at all (`D_e = 0`).
 *
 * @param units one entry per rated unit, each listing the coders' values in a fixed coder order
 * @example
 * krippendorffAlpha([[1, 1], [2, 3], [4, 4]]); // ≈ 0.86
 */
export function krippendorffAlpha(units: ReadonlyArray<ReliabilityUnit>): number | null {
  const pairable = units.map((u) => u.filter(isValue)).filter((values) => values.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  if (n < 2) return null;
  let observed = 0;
  for (const values of pairable) {
    let within = 0;
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        within += 2 * ((values[i] as number) - (values[j] as number)) ** 2;
      }
    }
    observed += within / (values.length - 1);
  }
  observed /= n;
  // Σ_{i≠j} (v_i − v_j)² = 2n Σ (v − mean)², computed without the quadratic double loop.
  const mean = all.reduce((a, b) => a + b, 0) / n;
  const squares = all.reduce((a, v) => a + (v - mean) ** 2, 0);
  const expected = (2 * n * squares) / (n * (n - 1));
  if (expected === 0) return null;
  return 1 - observed / expected;
}

/**
 * Pearson's product-moment correlation of paired samples. Returns null for fewer than two
 * pairs, unequal lengths, or when either sample has no variance.
 *
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // ≈ 0.99
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length || xs.length < 2) return null;
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The pooled within-group correlation: each group's values are centred on the group's own means,
 * and Pearson's r is taken over all centred pairs. Differences between groups (one group being
 * better than another) drop out; what remains is how `y` moves with `x` inside groups. Groups
 * with fewer than two pairs add nothing. Returns null when nothing varies within any group.
 *
 * @example
 * // Within each group the longer text scored higher: r = 1, whatever the groups' levels.
 * pooledWithinGroupPearson([
 *   { x: [20, 60], y: [0.3, 0.5] },
 *   { x: [15, 40], y: [0.7, 0.8] },
 * ]);
 */
export function pooledWithinGroupPearson(
  groups: ReadonlyArray<{ x: readonly number[]; y: readonly number[] }>,
): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const group of groups) {
    if (group.x.length !== group.y.length || group.x.length < 2) continue;
    const mx = group.x.reduce((a, b) => a + b, 0) / group.x.length;
    const my = group.y.reduce((a, b) => a + b, 0) / group.y.length;
    group.x.forEach((x, i) => {
      xs.push(x - mx);
      ys.push((group.y[i] as number) - my);
    });
  }
  return pearson(xs, ys);
}
