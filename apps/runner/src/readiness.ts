import type { RunnerServices } from './requested-game';

/** One dependency's answer to a readiness probe. */
export interface CheckResult {
  ok: boolean;
  /** How long it took to answer (or to give up), in ms. */
  ms: number;
  /** Why it failed. */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { store: CheckResult; bus: CheckResult; live: CheckResult };
}

/** A game id no game has, so that reading its lease touches live state without side effects. */
const PROBE_GAME = 'readiness-probe';

async function check(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ms: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ask every dependency a game needs to answer a cheap read, all at once and each within
 * `timeoutMs`: the event store (list one game), the message bus (its topics; on Kafka a
 * metadata request to the brokers) and live state (read a lease; on Redis a round trip).
 *
 * @example
 * const { ready, checks } = await checkReadiness(services, 2000);
 */
export async function checkReadiness(
  services: RunnerServices,
  timeoutMs: number,
): Promise<Readiness> {
  const [store, bus, live] = await Promise.all([
    check(() => services.store.listGames({ limit: 1 }), timeoutMs),
    check(() => services.bus.topics.list(), timeoutMs),
    check(() => services.live.holder(PROBE_GAME), timeoutMs),
  ]);
  return { ready: store.ok && bus.ok && live.ok, checks: { store, bus, live } };
}
