/** Injected time source: games never read the wall clock directly. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that starts at `start` and advances by `stepMs` on every read (tests, replays). */
export function steppingClock(start = Date.UTC(2026, 0, 1), stepMs = 1): Clock {
  let t = start - stepMs;
  return {
    now: () => {
      t += stepMs;
      return t;
    },
  };
}
