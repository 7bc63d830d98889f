import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { buildLog, testSpec } from '@arena/models/testing';
import { describe, expect, it } from 'vitest';
import { PERSISTENCE_ERROR_CODES } from './errors';
import { liveStateContract } from './live-state.testing';
import { openRedisLiveState } from './redis-live-state';

/** The Redis service of the development and CI machines (ARCHITECTURE.md §6). */
const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test (or test file running in parallel) uses. */
const freshPrefix = () => `arena-test:${randomUUID()}:`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delete every key a test left under its prefix. */
async function dropPrefix(keyPrefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

liveStateContract(
  'Redis',
  async () => {
    const keyPrefix = freshPrefix();
    // The contract's throwing listener is expected; its report would only be noise here.
    const options = { url: REDIS_URL, keyPrefix, recentLimit: 20, onError: () => undefined };
    const live = await openRedisLiveState(options);
    const peer = await openRedisLiveState(options);
    return {
      live,
      peer,
      pass: sleep,
      close: async () => {
        await live.close();
        await peer.close();
        await dropPrefix(keyPrefix);
      },
    };
  },
  { ttlMs: 400 },
);

describe('openRedisLiveState', () => {
  it('fails loudly when Redis cannot be reached, naming the URL', async () => {
    await expect(
      openRedisLiveState({ url: 'redis://127.0.0.1:1/0', keyPrefix: freshPrefix() }),
    ).rejects.toMatchObject({
      code: PERSISTENCE_ERROR_CODES.LIVE_STATE_UNAVAILABLE,
      message: expect.stringContaining('redis://127.0.0.1:1/0'),
    });
  });

  it('rejects a key prefix with spaces or other characters', async () => {
    await expect(
      openRedisLiveState({ url: REDIS_URL, keyPrefix: 'arena test' }),
    ).rejects.toMatchObject({ code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS });
  });

  it('keeps games under different key prefixes apart', async () => {
    const prefixes = [freshPrefix(), freshPrefix()] as const;
    const a = await openRedisLiveState({ url: REDIS_URL, keyPrefix: prefixes[0] });
    const b = await openRedisLiveState({ url: REDIS_URL, keyPrefix: prefixes[1] });
    try {
      expect(await a.acquire('g-1', 'runner-a', 5000)).not.toBeNull();
      expect(await b.acquire('g-1', 'runner-b', 5000)).not.toBeNull();
      const log = buildLog('g-1', [{ type: 'game_created', payload: { spec: testSpec() } }]);
      await a.publishEvents('g-1', log);
      expect(await b.recent('g-1', 5)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      for (const prefix of prefixes) await dropPrefix(prefix);
    }
  });

  it('lets every key it writes expire', async () => {
    const keyPrefix = freshPrefix();
    const live = await openRedisLiveState({ url: REDIS_URL, keyPrefix, hotTtlMs: 60_000 });
    const raw = new Redis(REDIS_URL);
    try {
      const lease = await live.acquire('g-1', 'runner-a', 5000);
      if (!lease) throw new Error('the lease is free');
      expect(await live.renew(lease, 0)).toBe(true);
      const log = buildLog('g-1', [{ type: 'game_created', payload: { spec: testSpec() } }]);
      await live.publishEvents('g-1', log, { standings: [] });
      const keys = await raw.keys(`${keyPrefix}*`);
      expect(keys.sort()).toEqual(
        ['fence', 'hot', 'lease', 'recent'].map((name) => `${keyPrefix}{g-1}:${name}`),
      );
      for (const key of keys) expect(await raw.pttl(key)).toBeGreaterThan(0);
    } finally {
      await raw.quit();
      await live.close();
      await dropPrefix(keyPrefix);
    }
  });

  it('reports an undecodable message on a game channel and keeps the subscription', async () => {
    const keyPrefix = freshPrefix();
    const errors: unknown[] = [];
    const live = await openRedisLiveState({
      url: REDIS_URL,
      keyPrefix,
      onError: (error) => errors.push(error),
    });
    const writer = await openRedisLiveState({ url: REDIS_URL, keyPrefix });
    try {
      const received: unknown[] = [];
      await live.subscribe('g-1', (events) => received.push(...events));
      const raw = new Redis(REDIS_URL);
      await raw.publish(`${keyPrefix}{g-1}:events`, '[{"not":"an event"}]');
      await raw.quit();
      const log = buildLog('g-1', [{ type: 'game_created', payload: { spec: testSpec() } }]);
      await writer.publishEvents('g-1', log);
      while (received.length === 0) await sleep(5);
      expect(received).toStrictEqual(log);
      expect(errors).toHaveLength(1);
    } finally {
      await live.close();
      await writer.close();
      await dropPrefix(keyPrefix);
    }
  });
});
