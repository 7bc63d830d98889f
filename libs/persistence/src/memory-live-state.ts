import { systemClock, type Clock, type GameEvent, type Standing } from '@arena/models';
import type { Lease, LiveListener, LiveState } from './live-state';
import {
  checkAcquire,
  checkCount,
  checkPublished,
  checkRecentLimit,
  checkSeq,
  liveStateClosed,
  reportToConsole,
} from './live-state-checks';

export interface MemoryLiveStateOptions {
  /** Decides when leases expire. @default systemClock */
  clock?: Clock;
  /** Recent events kept per game. @default 200 */
  recentLimit?: number;
  /** Receives what a listener threw. @default console.error */
  onError?: (error: unknown) => void;
}

interface HeldLease {
  owner: string;
  token: number;
  ttlMs: number;
  expiresAt: number;
  /** Last seq recorded under this lease (−1 before the first renewal). */
  seq: number;
}

interface HotGame {
  events: GameEvent[];
  lastSeq: number;
  standings: Standing[] | null;
}

/**
 * In-process {@link LiveState}: the same contract as the Redis one within a single process, with
 * expiry decided by an injected clock. The default when `REDIS_URL` is unset, and the twin other
 * libraries' unit tests run against.
 *
 * @example
 * const live = createMemoryLiveState({ clock });
 * const lease = await live.acquire('g-1', 'runner-a', 15_000);
 */
export function createMemoryLiveState(options: MemoryLiveStateOptions = {}): LiveState {
  const clock = options.clock ?? systemClock;
  const recentLimit = checkRecentLimit(options.recentLimit);
  const onError = options.onError ?? reportToConsole;
  const leases = new Map<string, HeldLease>();
  /** Per game: the last token handed out and the last seq any holder recorded. */
  const fences = new Map<string, { token: number; seq: number }>();
  const hot = new Map<string, HotGame>();
  const listeners = new Map<string, Set<LiveListener>>();
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw liveStateClosed();
  }

  function live(gameId: string): HeldLease | null {
    const held = leases.get(gameId);
    if (!held) return null;
    if (held.expiresAt > clock.now()) return held;
    leases.delete(gameId);
    return null;
  }

  function heldBy(lease: Lease): HeldLease | null {
    const held = live(lease.gameId);
    return held && held.owner === lease.owner && held.token === lease.token ? held : null;
  }

  function deliver(gameId: string, events: readonly GameEvent[]): void {
    const targets = [...(listeners.get(gameId) ?? [])];
    // After the publisher's call returns, as a message from another process would arrive.
    queueMicrotask(() => {
      for (const listener of targets) {
        try {
          listener(structuredClone(events));
        } catch (error) {
          onError(error);
        }
      }
    });
  }

  return {
    recentLimit,

    async acquire(gameId, owner, ttlMs) {
      ensureOpen();
      checkAcquire(gameId, owner, ttlMs);
      const held = live(gameId);
      if (held && held.owner !== owner) return null;
      const fence = fences.get(gameId) ?? { token: 0, seq: -1 };
      fence.token += 1;
      fences.set(gameId, fence);
      const expiresAt = clock.now() + ttlMs;
      leases.set(gameId, { owner, token: fence.token, ttlMs, expiresAt, seq: -1 });
      return { gameId, owner, token: fence.token, ttlMs, expiresAt, seq: fence.seq };
    },

    async renew(lease, seq) {
      ensureOpen();
      checkSeq(seq);
      const held = heldBy(lease);
      if (!held || seq < held.seq) return false;
      held.seq = seq;
      held.expiresAt = clock.now() + held.ttlMs;
      const fence = fences.get(lease.gameId);
      if (fence) fence.seq = seq;
      return true;
    },

    async release(lease) {
      ensureOpen();
      if (!heldBy(lease)) return false;
      leases.delete(lease.gameId);
      return true;
    },

    async holder(gameId) {
      ensureOpen();
      const held = live(gameId);
      if (!held) return null;
      const { owner, token, ttlMs, expiresAt, seq } = held;
      return { gameId, owner, token, ttlMs, expiresAt, seq };
    },

    async publishEvents(gameId, events, publish = {}) {
      ensureOpen();
      checkPublished(gameId, events);
      const game = hot.get(gameId) ?? { events: [], lastSeq: -1, standings: null };
      const lastBefore = game.lastSeq;
      const fresh = events.filter((e) => e.seq > lastBefore).map((e) => structuredClone(e));
      if (publish.standings && (events.at(-1)?.seq ?? lastBefore) >= lastBefore) {
        game.standings = structuredClone([...publish.standings]);
      }
      if (fresh.length > 0) {
        game.events = [...game.events, ...fresh].slice(-recentLimit);
        game.lastSeq = fresh[fresh.length - 1]?.seq ?? lastBefore;
      }
      hot.set(gameId, game);
      if (fresh.length > 0) deliver(gameId, fresh);
    },

    async recent(gameId, n) {
      ensureOpen();
      checkCount(n);
      if (n === 0) return [];
      return structuredClone(hot.get(gameId)?.events.slice(-n) ?? []);
    },

    async standings(gameId) {
      ensureOpen();
      return structuredClone(hot.get(gameId)?.standings ?? null);
    },

    async subscribe(gameId, listener) {
      ensureOpen();
      const set = listeners.get(gameId) ?? new Set<LiveListener>();
      set.add(listener);
      listeners.set(gameId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(gameId) === set) listeners.delete(gameId);
      };
    },

    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
