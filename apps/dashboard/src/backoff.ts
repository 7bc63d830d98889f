/** How long to wait before reconnecting a dropped stream. */
export interface BackoffOptions {
  /** First delay, in ms. @default 500 */
  initialMs?: number;
  /** Largest delay, in ms. @default 15000 */
  maxMs?: number;
  /** Share of the delay drawn at random (0 = none), so that many pages do not retry at once. @default 0.2 */
  jitter?: number;
}

/**
 * The delay before reconnect attempt `attempt` (0 = first retry): exponential from `initialMs`,
 * capped at `maxMs`, minus up to `jitter` of it drawn from `random` (a number in [0, 1)).
 *
 * @example backoffDelay(0) // 400..500; backoffDelay(10) // 12000..15000
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { initialMs = 500, maxMs = 15_000, jitter = 0.2 } = options;
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(base * (1 - jitter * random()));
}
