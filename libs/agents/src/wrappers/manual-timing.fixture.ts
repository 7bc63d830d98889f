import type { Timing } from '../llm/types';

/** A {@link Timing} whose time only moves when something sleeps. */
export interface ManualTiming extends Timing {
  /** Every wait requested through `sleep`, in order (cancelled ones included). */
  readonly waits: number[];
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time for tests: `sleep(ms)` schedules a timer on a manual clock; whenever the process
 * has nothing else to do, the earliest timer fires and the clock jumps to its time. Tests run
 * instantly, and concurrent sleeps still end in the order their deadlines say.
 *
 * @example
 * const timing = manualTiming();
 * await timing.sleep(500); // returns at once; timing.clock.now() is now 500 later
 */
export function manualTiming(start = 0): ManualTiming {
  let now = start;
  let seq = 0;
  let scheduled = false;
  const timers: Timer[] = [];
  const waits: number[] = [];

  const fireNext = (): void => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = timers.shift();
    if (!timer) return;
    now = Math.max(now, timer.at);
    timer.resolve();
    schedule();
  };
  const schedule = (): void => {
    if (scheduled || timers.length === 0) return;
    scheduled = true;
    setImmediate(fireNext);
  };

  return {
    waits,
    clock: { now: () => now },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        waits.push(ms);
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer: Timer = {
          at: now + ms,
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        schedule();
      }),
  };
}
