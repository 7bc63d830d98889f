import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  ArenaError,
  GameEventSchema,
  StandingSchema,
  safeValidate,
  type GameEvent,
  type Result,
  type Standing,
} from '@arena/models';
import { PERSISTENCE_ERROR_CODES } from './errors';
import type { Lease, LiveListener, LiveState } from './live-state';
import {
  checkAcquire,
  checkCount,
  checkDuration,
  checkPublished,
  checkRecentLimit,
  checkSeq,
  liveStateClosed,
  reportToConsole,
} from './live-state-checks';

export interface RedisLiveStateOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  url: string;
  /** Prepended to every key and channel, so several deployments (or tests) share one Redis. @default 'arena:' */
  keyPrefix?: string;
  /** Recent events kept per game. @default 200 */
  recentLimit?: number;
  /** How long a game's recent events and standings are kept after its last publication. @default 1 day */
  hotTtlMs?: number;
  /** Time allowed to connect. @default 5000 */
  connectTimeoutMs?: number;
  /** Receives failures nobody awaits: a listener that threw, an undecodable message, a lost connection. @default console.error */
  onError?: (error: unknown) => void;
}

/** `now` in ms by the Redis server's clock, shared by every script. */
const NOW = `local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/**
 * KEYS: lease, fence. ARGV: owner, ttlMs, fence ttl. Takes the lease unless another owner holds
 * it; the fence hash keeps the last token and the last seq recorded for the game.
 */
const ACQUIRE = `${NOW}
local held = redis.call('HGET', KEYS[1], 'owner')
if held and held ~= ARGV[1] then return nil end
local token = redis.call('HINCRBY', KEYS[2], 'token', 1)
local seq = redis.call('HGET', KEYS[2], 'seq') or '-1'
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token, 'ttl', ARGV[2], 'seq', '-1')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {token, seq, now + tonumber(ARGV[2])}`;

/** KEYS: lease, fence. ARGV: owner, token, seq, fence ttl. Compare-and-set on owner and token. */
const RENEW = `
local h = redis.call('HMGET', KEYS[1], 'owner', 'token', 'ttl', 'seq')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
if tonumber(ARGV[3]) < tonumber(h[4]) then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[3])
redis.call('HSET', KEYS[2], 'seq', ARGV[3])
redis.call('PEXPIRE', KEYS[1], h[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1`;

/** KEYS: lease. ARGV: owner, token. */
const RELEASE = `
local h = redis.call('HMGET', KEYS[1], 'owner', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/** KEYS: lease. */
const HOLDER = `${NOW}
local h = redis.call('HMGET', KEYS[1], 'owner', 'token', 'ttl', 'seq')
local pttl = redis.call('PTTL', KEYS[1])
if not h[1] or pttl < 0 then return nil end
return {h[1], h[2], h[3], h[4], now + pttl}`;

/**
 * KEYS: hot hash, recent list. ARGV: channel, recent limit, hot ttl, standings JSON or '', then
 * seq and event JSON pairs. Keeps and fans out only events newer than any published before.
 */
const PUBLISH = `
local last = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
local before = last
local fresh = {}
for i = 5, #ARGV, 2 do
  local seq = tonumber(ARGV[i])
  if seq > last then
    redis.call('RPUSH', KEYS[2], ARGV[i + 1])
    table.insert(fresh, ARGV[i + 1])
    last = seq
  end
end
local batchLast = before
if #ARGV >= 5 then batchLast = tonumber(ARGV[#ARGV - 1]) end
if ARGV[4] ~= '' and batchLast >= before then redis.call('HSET', KEYS[1], 'standings', ARGV[4]) end
if #fresh > 0 then
  redis.call('HSET', KEYS[1], 'seq', last)
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
  redis.call('PUBLISH', ARGV[1], '[' .. table.concat(fresh, ',') .. ']')
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return #fresh`;

const EventsMessage = GameEventSchema.array();
const StandingsValue = StandingSchema.array();
const KEY_PREFIX = /^[A-Za-z0-9:_.{}-]{0,100}$/;

/** The URL without its password, for messages. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

function unavailable(what: string, cause: unknown): ArenaError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ArenaError(`Live state (Redis) could not ${what}: ${reason}`, {
    code: PERSISTENCE_ERROR_CODES.LIVE_STATE_UNAVAILABLE,
    retriable: true,
    details: { operation: what },
    cause,
  });
}

/** A Lua script run by its SHA, sent once more in full when Redis does not know it yet. */
function luaScript(redis: Redis, source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (keys: string[], args: Array<string | number>): Promise<unknown> => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(source, keys.length, ...keys, ...args);
    }
  };
}

/**
 * Open a connection that fails at once when Redis cannot be reached, and reconnects (with
 * backoff) after it once was.
 */
async function connect(
  url: string,
  connectTimeoutMs: number,
  onError: (error: unknown) => void,
): Promise<Redis> {
  let ready = false;
  let lastError: unknown = null;
  let reported = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => (ready ? Math.min(times * 100, 2000) : null),
  });
  redis.on('error', (error: unknown) => {
    lastError = error;
    if (ready && !reported) {
      reported = true;
      onError(unavailable('keep its connection', error));
    }
  });
  redis.on('ready', () => {
    ready = true;
    reported = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new ArenaError(
      `Cannot reach Redis at ${displayUrl(url)} (REDIS_URL): ${String((lastError as Error | null)?.message ?? error)}`,
      {
        code: PERSISTENCE_ERROR_CODES.LIVE_STATE_UNAVAILABLE,
        retriable: true,
        details: { url: displayUrl(url) },
        cause: lastError ?? error,
      },
    );
  }
  return redis;
}

async function disconnect(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    // Already gone: nothing is left to close.
    redis.disconnect();
  }
}

/** Parse one stored or published JSON value; null (reported) when it does not decode. */
function decode<T>(
  raw: string,
  check: (value: unknown) => Result<T>,
  onError: (error: unknown) => void,
): T | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    onError(unavailable('decode a value it holds', error));
    return null;
  }
  const checked = check(value);
  if (checked.ok) return checked.value;
  onError(checked.error);
  return null;
}

interface Channel {
  gameId: string;
  listeners: Set<LiveListener>;
  /** Settles once Redis confirmed the subscription. */
  ready: Promise<void>;
}

/**
 * {@link LiveState} on Redis, shared by every runner and CLI process that uses the same Redis and
 * key prefix. Lease changes are Lua scripts (atomic compare-and-set on owner and token, expiry by
 * `PX`, time by the Redis server's clock); fan-out is Redis pub/sub on a second connection.
 *
 * Keys, under `keyPrefix` and `{gameId}`: `:lease` (hash, expires with the lease), `:fence`
 * (hash: last token, last recorded seq; kept `hotTtlMs` past the last lease change, so tokens
 * only grow while a game is played), `:hot` (hash: last published seq, standings) and `:recent`
 * (list of event JSON), both kept `hotTtlMs` after the last publication; channel `:events`.
 * Everything but the fence is rebuilt from the event log.
 *
 * @example
 * const live = await openRedisLiveState({ url: 'redis://127.0.0.1:6379', keyPrefix: 'arena:' });
 */
export async function openRedisLiveState(options: RedisLiveStateOptions): Promise<LiveState> {
  const prefix = options.keyPrefix ?? 'arena:';
  if (!KEY_PREFIX.test(prefix)) {
    throw new ArenaError(
      `Option keyPrefix must be at most 100 letters, digits or ":_.{}-", got ${prefix}`,
      {
        code: PERSISTENCE_ERROR_CODES.INVALID_OPTIONS,
        category: 'user',
        details: { option: 'keyPrefix', value: prefix },
      },
    );
  }
  const recentLimit = checkRecentLimit(options.recentLimit);
  const hotTtlMs = checkDuration('hotTtlMs', options.hotTtlMs, 24 * 60 * 60 * 1000);
  const onError = options.onError ?? reportToConsole;
  const timeout = checkDuration('connectTimeoutMs', options.connectTimeoutMs, 5000);
  const command = await connect(options.url, timeout, onError);
  let subscriber: Redis;
  try {
    subscriber = await connect(options.url, timeout, onError);
  } catch (error) {
    await disconnect(command);
    throw error;
  }
  const scripts = {
    acquire: luaScript(command, ACQUIRE),
    renew: luaScript(command, RENEW),
    release: luaScript(command, RELEASE),
    holder: luaScript(command, HOLDER),
    publish: luaScript(command, PUBLISH),
  };
  const key = (gameId: string, name: string) => `${prefix}{${gameId}}:${name}`;
  const channels = new Map<string, Channel>();
  let closed = false;

  subscriber.on('message', (channelName: string, message: string) => {
    const channel = channels.get(channelName);
    if (!channel) return;
    const events = decode(
      message,
      (v) => safeValidate(EventsMessage, v, `events of ${channel.gameId}`, 'Redis'),
      onError,
    );
    if (!events) return;
    for (const listener of [...channel.listeners]) {
      try {
        listener(events);
      } catch (error) {
        onError(error);
      }
    }
  });

  async function run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (closed) throw liveStateClosed();
    try {
      return await fn();
    } catch (error) {
      throw unavailable(what, error);
    }
  }

  function leaseArgs(lease: Lease): string[] {
    return [lease.owner, String(lease.token)];
  }

  return {
    recentLimit,

    async acquire(gameId, owner, ttlMs) {
      checkAcquire(gameId, owner, ttlMs);
      const reply = await run('acquire a lease', () =>
        scripts.acquire(
          [key(gameId, 'lease'), key(gameId, 'fence')],
          [owner, ttlMs, hotTtlMs + ttlMs],
        ),
      );
      if (!Array.isArray(reply)) return null;
      const [token, seq, expiresAt] = reply.map(Number) as [number, number, number];
      return { gameId, owner, token, ttlMs, expiresAt, seq };
    },

    async renew(lease, seq) {
      checkSeq(seq);
      const reply = await run('renew a lease', () =>
        scripts.renew(
          [key(lease.gameId, 'lease'), key(lease.gameId, 'fence')],
          [...leaseArgs(lease), seq, hotTtlMs + lease.ttlMs],
        ),
      );
      return Number(reply) === 1;
    },

    async release(lease) {
      const reply = await run('release a lease', () =>
        scripts.release([key(lease.gameId, 'lease')], leaseArgs(lease)),
      );
      return Number(reply) === 1;
    },

    async holder(gameId) {
      const reply = await run('read a lease', () => scripts.holder([key(gameId, 'lease')], []));
      if (!Array.isArray(reply)) return null;
      const [owner, token, ttlMs, seq, expiresAt] = reply as [
        string,
        string,
        string,
        string,
        number,
      ];
      return {
        gameId,
        owner,
        token: Number(token),
        ttlMs: Number(ttlMs),
        expiresAt: Number(expiresAt),
        seq: Number(seq),
      };
    },

    async publishEvents(gameId, events, publish = {}) {
      checkPublished(gameId, events);
      const standings = publish.standings ? JSON.stringify(publish.standings) : '';
      if (events.length === 0 && standings === '') return;
      const pairs = events.flatMap((e) => [e.seq, JSON.stringify(e)]);
      await run('publish events', () =>
        scripts.publish(
          [key(gameId, 'hot'), key(gameId, 'recent')],
          [key(gameId, 'events'), recentLimit, hotTtlMs, standings, ...pairs],
        ),
      );
    },

    async recent(gameId, n) {
      checkCount(n);
      if (n === 0) return [];
      const raw = await run('read recent events', () =>
        command.lrange(key(gameId, 'recent'), -n, -1),
      );
      return raw
        .map((item) =>
          decode(
            item,
            (v) => safeValidate(GameEventSchema, v, `event of ${gameId}`, 'Redis'),
            onError,
          ),
        )
        .filter((e): e is GameEvent => e !== null);
    },

    async standings(gameId): Promise<Standing[] | null> {
      const raw = await run('read standings', () => command.hget(key(gameId, 'hot'), 'standings'));
      if (raw === null) return null;
      return decode(
        raw,
        (v) => safeValidate(StandingsValue, v, `standings of ${gameId}`, 'Redis'),
        onError,
      );
    },

    async subscribe(gameId, listener) {
      const name = key(gameId, 'events');
      let channel = channels.get(name);
      if (!channel) {
        const ready = run('subscribe', async () => {
          await subscriber.subscribe(name);
        });
        channel = { gameId, listeners: new Set(), ready };
        channels.set(name, channel);
        ready.catch(() => {
          if (channels.get(name) === channel) channels.delete(name);
        });
      }
      const current = channel;
      current.listeners.add(listener);
      await current.ready;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size > 0 || channels.get(name) !== current) return;
        channels.delete(name);
        if (!closed) subscriber.unsubscribe(name).catch((error: unknown) => onError(error));
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      channels.clear();
      await Promise.all([disconnect(subscriber), disconnect(command)]);
    },
  };
}
