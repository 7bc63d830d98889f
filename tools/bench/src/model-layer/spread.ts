/** Centre and tail of a sample of timings. */
export interface Spread {
  median: number;
  p95: number;
  mean: number;
}

/**
 * The median, 95th percentile (nearest rank) and mean of `sample`; all 0 for an empty sample.
 *
 * @example
 * spreadOf([3, 1, 2]); // { median: 2, p95: 3, mean: 2 }
 */
export function spreadOf(sample: readonly number[]): Spread {
  if (sample.length === 0) return { median: 0, p95: 0, mean: 0 };
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { median: rank(0.5), p95: rank(0.95), mean };
}
