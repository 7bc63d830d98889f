import { setTimeout as delay } from 'node:timers/promises';
import { systemClock } from '@arena/models';
import type { Sleep, Timing } from '../llm/types';

/**
 * The production {@link Sleep}: a real timer that rejects with the signal's reason when the
 * signal aborts (Node's own rejection is a generic AbortError).
 */
export const realSleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
};

/** Production {@link Timing}: the system clock and real timers. */
export const realTiming: Timing = { clock: systemClock, sleep: realSleep };
