/**
 * The {@link LiveState} contract as a vitest suite, for every implementation (in-process and
 * Redis). Import from `@arena/persistence/testing`; never shipped in the main barrel.
 */
import type { GameEvent, NewEvent, Standing } from '@arena/models';
import { buildLog, testSpec } from '@arena/models/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { Lease, LiveState } from './live-state';

/** What one test of the contract runs against; opened fresh (empty) for every test. */
export interface LiveStateHarness {
  /** The live state under test. */
  live: LiveState;
  /** A second handle on the same state, as another process would see it (its own connections). */
  peer: LiveState;
  /** Let `ms` pass, as far as lease expiry is concerned (advance a clock, or wait). */
  pass(ms: number): Promise<void>;
  /** Close both handles (tolerates handles the test closed itself). */
  close(): Promise<void>;
}

/** A game log: creation and `lines` narrator lines. */
function narratedLog(gameId: string, lines: number): GameEvent[] {
  const events: NewEvent[] = [{ type: 'game_created', payload: { spec: testSpec() } }];
  for (let i = 1; i <= lines; i++) {
    events.push({
      type: 'narrator_line',
      payload: {
        turn: i,
        trigger: 'periodic',
        text: `Line ${i} — «quoted» 🌉`,
        messageId: `M${i}`,
      },
    });
  }
  return buildLog(gameId, events);
}

function standing(playerId: string, points: number, place: number): Standing {
  return {
    playerId,
    name: `Player ${playerId}`,
    points,
    turns: 2,
    standing: points / 2,
    status: 'active',
    place,
  };
}

/** Resolves once `received` holds `count` events (the test's timeout bounds the wait). */
async function receivedAll(received: GameEvent[], count: number): Promise<void> {
  while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

function mustLease(lease: Lease | null): Lease {
  if (!lease) throw new Error('expected to get the lease');
  return lease;
}

/**
 * Run the LiveState contract. `open` is called before every test and must return an empty live
 * state (a fresh key prefix for Redis); `ttlMs` is the lease time-to-live the expiry tests use
 * (short for Redis, since `pass` really waits there).
 *
 * @example
 * liveStateContract('in-process', async () => memoryHarness(), { ttlMs: 1000 });
 */
export function liveStateContract(
  name: string,
  open: () => Promise<LiveStateHarness>,
  options: { ttlMs: number },
): void {
  const ttl = options.ttlMs;

  describe(`LiveState contract: ${name}`, () => {
    let harness: LiveStateHarness;
    let live: LiveState;
    let peer: LiveState;

    beforeEach(async () => {
      harness = await open();
      live = harness.live;
      peer = harness.peer;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('hands a free game to the first owner and tells everyone who holds it', async () => {
      const lease = mustLease(await live.acquire('g-1', 'runner-a', ttl));
      expect(lease).toMatchObject({ gameId: 'g-1', owner: 'runner-a', ttlMs: ttl, seq: -1 });
      expect(lease.token).toBeGreaterThanOrEqual(1);
      expect(await peer.holder('g-1')).toMatchObject({
        gameId: 'g-1',
        owner: 'runner-a',
        token: lease.token,
        ttlMs: ttl,
      });
      expect(await peer.acquire('g-1', 'runner-b', ttl)).toBeNull();
      expect(await live.holder('g-other')).toBeNull();
    });

    it('gives exactly one of many racing owners the lease', async () => {
      const owners = Array.from({ length: 12 }, (_, i) => `runner-${i}`);
      const leases = await Promise.all(
        owners.map((owner, i) => (i % 2 === 0 ? live : peer).acquire('g-race', owner, ttl)),
      );
      const winners = leases.filter((l): l is Lease => l !== null);
      expect(winners).toHaveLength(1);
      expect((await live.holder('g-race'))?.owner).toBe(winners[0]?.owner);
    });

    it('records the seq with each renewal and refuses a seq that goes backwards', async () => {
      const lease = mustLease(await live.acquire('g-seq', 'runner-a', ttl));
      expect(await live.renew(lease, 4)).toBe(true);
      expect(await live.renew(lease, 4)).toBe(true);
      expect(await live.renew(lease, 9)).toBe(true);
      expect(await live.renew(lease, 8)).toBe(false);
      expect((await peer.holder('g-seq'))?.seq).toBe(9);
    });

    it('extends the lease on renewal', async () => {
      const lease = mustLease(await live.acquire('g-renew', 'runner-a', ttl));
      await harness.pass(ttl / 2);
      expect(await live.renew(lease, 0)).toBe(true);
      const renewed = await peer.holder('g-renew');
      expect(renewed?.expiresAt).toBeGreaterThan(lease.expiresAt);
      expect(renewed?.token).toBe(lease.token);
    });

    it('lets another owner take over after release, with a larger token and the last seq', async () => {
      const first = mustLease(await live.acquire('g-release', 'runner-a', ttl));
      expect(await live.renew(first, 12)).toBe(true);
      expect(await live.release(first)).toBe(true);
      expect(await live.release(first)).toBe(false);
      expect(await peer.holder('g-release')).toBeNull();

      const second = mustLease(await peer.acquire('g-release', 'runner-b', ttl));
      expect(second.token).toBeGreaterThan(first.token);
      expect(second.seq).toBe(12);
      expect(await live.renew(first, 13)).toBe(false);
    });

    it('lets a lease expire, hands the game to another owner and fences the stale holder', async () => {
      const stale = mustLease(await live.acquire('g-expire', 'runner-a', ttl));
      expect(await live.renew(stale, 30)).toBe(true);
      await harness.pass(ttl * 1.5);
      expect(await peer.holder('g-expire')).toBeNull();

      const next = mustLease(await peer.acquire('g-expire', 'runner-b', ttl));
      expect(next.token).toBeGreaterThan(stale.token);
      expect(next.seq).toBe(30);
      expect(await live.renew(stale, 31)).toBe(false);
      expect(await live.release(stale)).toBe(false);
      expect(await live.holder('g-expire')).toMatchObject({ owner: 'runner-b', token: next.token });

      // The new holder may record a lower seq than the stale one did (its batch never landed).
      expect(await peer.renew(next, 25)).toBe(true);
      expect(await live.acquire('g-expire', 'runner-a', ttl)).toBeNull();
    });

    it('does not renew an expired lease even when nobody took the game', async () => {
      const lease = mustLease(await live.acquire('g-lapse', 'runner-a', ttl));
      await harness.pass(ttl * 1.5);
      expect(await live.renew(lease, 0)).toBe(false);
      expect(await live.holder('g-lapse')).toBeNull();
    });

    it('supersedes an owner’s older lease when it acquires again', async () => {
      const old = mustLease(await live.acquire('g-again', 'runner-a', ttl));
      const fresh = mustLease(await live.acquire('g-again', 'runner-a', ttl));
      expect(fresh.token).toBeGreaterThan(old.token);
      expect(await live.renew(old, 0)).toBe(false);
      expect(await live.renew(fresh, 0)).toBe(true);
    });

    it('keeps the last events of a game, in order, without duplicates', async () => {
      const log = narratedLog('g-recent', live.recentLimit + 5);
      expect(await live.recent('g-recent', 10)).toEqual([]);
      await live.publishEvents('g-recent', log.slice(0, 3));
      await live.publishEvents('g-recent', log.slice(1, 6));
      expect(await peer.recent('g-recent', 10)).toStrictEqual(log.slice(0, 6));
      expect(await peer.recent('g-recent', 2)).toStrictEqual(log.slice(4, 6));
      expect(await peer.recent('g-recent', 0)).toEqual([]);

      await live.publishEvents('g-recent', log.slice(6));
      const kept = await peer.recent('g-recent', live.recentLimit + 100);
      expect(kept).toStrictEqual(log.slice(-live.recentLimit));
    });

    it('keeps the latest standings, never older ones', async () => {
      const log = narratedLog('g-standings', 4);
      expect(await live.standings('g-standings')).toBeNull();
      const early = [standing('P1', 1, 1), standing('P2', 0.5, 2)];
      const late = [standing('P2', 3, 1), standing('P1', 1, 2)];
      await live.publishEvents('g-standings', log.slice(0, 3), { standings: early });
      expect(await peer.standings('g-standings')).toStrictEqual(early);
      await live.publishEvents('g-standings', log.slice(3), { standings: late });
      expect(await peer.standings('g-standings')).toStrictEqual(late);
      await live.publishEvents('g-standings', log.slice(0, 2), { standings: early });
      expect(await peer.standings('g-standings')).toStrictEqual(late);
    });

    it('fans new events out to subscribers of the game in every process', async () => {
      const log = narratedLog('g-fan', 6);
      const other = narratedLog('g-fan-other', 1);
      const received: GameEvent[] = [];
      const local: GameEvent[] = [];
      const unsubscribe = await peer.subscribe('g-fan', (events) => received.push(...events));
      const unsubscribeLocal = await live.subscribe('g-fan', (events) => local.push(...events));

      await live.publishEvents('g-fan', log.slice(0, 3));
      await live.publishEvents('g-fan-other', other);
      await live.publishEvents('g-fan', log.slice(0, 5));
      await receivedAll(received, 5);
      await receivedAll(local, 5);
      expect(received).toStrictEqual(log.slice(0, 5));
      expect(local).toStrictEqual(log.slice(0, 5));

      unsubscribe();
      await live.publishEvents('g-fan', log.slice(5));
      await receivedAll(local, 6);
      expect(received).toHaveLength(5);
      unsubscribeLocal();
    });

    it('keeps delivering to other listeners when one throws', async () => {
      const log = narratedLog('g-throw', 2);
      const received: GameEvent[] = [];
      const failing = await peer.subscribe('g-throw', () => {
        throw new Error('listener failed');
      });
      const working = await peer.subscribe('g-throw', (events) => received.push(...events));
      await live.publishEvents('g-throw', log);
      await receivedAll(received, log.length);
      expect(received).toStrictEqual(log);
      failing();
      working();
    });

    it('rejects events of another game, out-of-order seqs and bad lease arguments', async () => {
      const log = narratedLog('g-bad', 3);
      await expect(live.publishEvents('g-other', log)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_BATCH,
      });
      await expect(
        live.publishEvents('g-bad', [log[2], log[1]] as GameEvent[]),
      ).rejects.toMatchObject({ code: PERSISTENCE_ERROR_CODES.INVALID_BATCH });
      await expect(live.acquire('g-bad', '', ttl)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
      await expect(live.acquire('g-bad', 'runner-a', 0)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
      await expect(live.acquire('g-bad', 'runner-a', 1.5)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
      const lease = mustLease(await live.acquire('g-bad', 'runner-a', ttl));
      await expect(live.renew(lease, -2)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
      await expect(live.recent('g-bad', -1)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
      });
      expect(await live.recent('g-bad', 5)).toEqual([]);
    });

    it('refuses every call after close', async () => {
      await live.close();
      await expect(live.acquire('g-closed', 'runner-a', ttl)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.LIVE_STATE_CLOSED,
      });
      await expect(live.recent('g-closed', 1)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.LIVE_STATE_CLOSED,
      });
      await expect(live.subscribe('g-closed', () => undefined)).rejects.toMatchObject({
        code: PERSISTENCE_ERROR_CODES.LIVE_STATE_CLOSED,
      });
    });
  });
}
