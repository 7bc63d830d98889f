import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PROVIDERS } from '@arena/agents';
import {
  ENVELOPE_HEADERS,
  TOPICS,
  type BusMessage,
  type MessageBus,
  type Unsubscribe,
} from '@arena/message-bus';
import type { GameEvent } from '@arena/models';
import type { EventStore } from '@arena/persistence';
import type { ApiRouter } from './api-route';
import type { GameHost } from './game-host';
import {
  Counter,
  Gauge,
  Histogram,
  MetricRegistry,
  PROMETHEUS_CONTENT_TYPE,
  ReadCounter,
  type Reading,
} from './prometheus';

/** The route whose open connections are the spectators. */
export const EVENT_STREAM_ROUTE = '/games/:id/events';

/** Label of requests that matched no route, so unknown paths never become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Upper bounds (seconds) of the bus-lag buckets: from a same-process hand-over to a slow broker. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Upper bounds (seconds) of the HTTP duration buckets. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60];

/** How long (ms) a game's late events still count as this runner's after it stopped playing it. */
const DEFAULT_HOSTED_GRACE_MS = 60_000;

export interface RunnerMetricsDeps {
  /** The bus games publish their events to; followed through one broadcast subscription. */
  bus: MessageBus;
  /** The games this runner plays. */
  host: Pick<GameHost, 'running' | 'isRunning'>;
  /** The event store, for the stored games by status (every runner sees the same counts). */
  store?: Pick<EventStore, 'countGames'>;
  /** Where a failed subscription is reported. */
  logger: FastifyBaseLogger;
  /**
   * Whose events the game counters (turns, model calls, tokens, cost, errors) count: `all`
   * events on the bus, or those of games `hosted` here (so that the runners sharing a Kafka
   * topic never count one game twice). @default `hosted` on Kafka, `all` on the in-process bus
   */
  count?: 'all' | 'hosted';
  /** Wall clock in ms, compared with each message's `produced-at`. @default Date.now */
  now?: () => number;
  /**
   * Late events of a game count as this runner's for this long (ms) after it stopped playing it
   * (with `count: 'hosted'`). @default 60000
   */
  hostedGraceMs?: number;
}

/** One answered HTTP request. */
export interface RequestSample {
  method: string;
  /** The route's path template (`/games/:id`), or {@link UNMATCHED_ROUTE}. */
  route: string;
  status: number;
  seconds: number;
}

/** The runner's Prometheus metrics: game activity, the bus, HTTP, spectators and the process. */
export interface RunnerMetrics {
  /** Resolves once game events are followed (the bus subscription is ready, or failed and was logged). */
  readonly ready: Promise<void>;
  /** Count an answered request (and a `5xx` as an error). */
  observeRequest(sample: RequestSample): void;
  /** Count a spectator in; call the returned function (idempotent) when it leaves. */
  spectatorConnected(): () => void;
  /** Every metric in the text exposition format (version 0.0.4). */
  render(): Promise<string>;
  /** End the bus subscription and the event-loop monitor. */
  close(): Promise<void>;
}

/** The provider of a model spec (`openai:gpt-4o` → `openai`), `sim`, or `other`. */
export function providerOf(model: string): string {
  if (model === 'sim') return 'sim';
  const prefix = model.slice(0, Math.max(0, model.indexOf(':')));
  return (PROVIDERS as readonly string[]).includes(prefix) ? prefix : 'other';
}

/** Seconds since a message was published, from its `produced-at` header; null without one. */
function lagSeconds(message: BusMessage, now: number): number | null {
  const producedAt = Date.parse(message.headers[ENVELOPE_HEADERS.producedAt] ?? '');
  return Number.isNaN(producedAt) ? null : Math.max(0, now - producedAt) / 1000;
}

function isGameEvent(value: BusMessage['value']): value is GameEvent {
  return 'seq' in value;
}

/**
 * Create the runner's metrics. Game activity is observed on the bus's game-events topic
 * (every game publishes there, on the in-process bus and on Kafka alike), so the metrics need
 * no hook into the games themselves; the time from each message's `produced-at` to its receipt
 * here is the bus lag (publish → deliver in process; producer → this consumer on Kafka).
 *
 * @example
 * const metrics = createRunnerMetrics({ bus: services.bus, host, logger });
 * registerMetrics(app, api, metrics);
 * app.addHook('onClose', () => metrics.close());
 */
export function createRunnerMetrics(deps: RunnerMetricsDeps): RunnerMetrics {
  const { bus, host, logger } = deps;
  const now = deps.now ?? Date.now;
  const count = deps.count ?? (bus.kind === 'kafka' ? 'hosted' : 'all');
  const graceMs = deps.hostedGraceMs ?? DEFAULT_HOSTED_GRACE_MS;
  const registry = new MetricRegistry();
  const startedAt = now();
  let spectators = 0;

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const one = (value: number): Reading<never> => [{ labels: {}, value }];

  registry.add(
    new Gauge('arena_games_running', 'Games being played by this runner', [], () =>
      one(host.running().length),
    ),
  );
  const { store } = deps;
  if (store) {
    registry.add(
      new Gauge(
        'arena_games_stored',
        'Games in the event store, by status (the same on every runner sharing the store)',
        ['status'],
        async () => {
          try {
            const statuses = ['running', 'ended'] as const;
            const counts = await Promise.all(
              statuses.map((status) => store.countGames({ status })),
            );
            return statuses.map((status, i) => ({ labels: { status }, value: counts[i] ?? 0 }));
          } catch (error) {
            // A scrape still answers when the store does not; readiness reports the store.
            logger.warn({ err: error }, 'metrics_store_count_failed');
            return [];
          }
        },
      ),
    );
  }
  const gamesEnded = registry.add(
    new Counter('arena_games_ended_total', 'Games that ended, by end reason', ['reason']),
  );
  const turns = registry.add(new Counter('arena_turns_total', 'Turns started'));
  const events = registry.add(
    new Counter('arena_game_events_total', 'Game events observed, by event type', ['type']),
  );
  const modelCalls = registry.add(
    new Counter(
      'arena_model_calls_total',
      'Model calls, by role, provider and outcome (ok, error)',
      ['role', 'provider', 'outcome'],
    ),
  );
  const tokens = registry.add(
    new Counter('arena_model_tokens_total', 'Model tokens, by direction (in, out) and provider', [
      'direction',
      'provider',
    ]),
  );
  const cost = registry.add(
    new Counter('arena_model_cost_usd_total', 'Cost of model calls in US dollars, by provider', [
      'provider',
    ]),
  );
  const errors = registry.add(
    new Counter(
      'arena_errors_total',
      'Errors, by source (call_failed, model_call, game, http) and code (reason, error kind, abort cause or status)',
      ['source', 'code'],
    ),
  );
  const received = registry.add(
    new Counter('arena_bus_messages_received_total', 'Messages this runner received, by topic', [
      'topic',
    ]),
  );
  const lag = registry.add(
    new Histogram(
      'arena_bus_lag_seconds',
      "Seconds from a message's produced-at to its receipt by this runner, by topic",
      ['topic'],
      LAG_BUCKETS,
    ),
  );
  if (bus.kind === 'memory') {
    registry.add(
      new Gauge(
        'arena_bus_dead_letters',
        'Messages on the in-process bus that no handler could take',
        [],
        async () => one((await bus.deadLetters.list()).length),
      ),
    );
  }
  registry.add(
    new Gauge('arena_sse_spectators', 'Open event-stream connections (spectators)', [], () =>
      one(spectators),
    ),
  );
  const requests = registry.add(
    new Counter(
      'arena_http_requests_total',
      'HTTP requests answered, by method, route and status',
      ['method', 'route', 'status'],
    ),
  );
  const durations = registry.add(
    new Histogram(
      'arena_http_request_duration_seconds',
      'Seconds from receiving a request to its answer (an event stream: its whole life), by method and route',
      ['method', 'route'],
      DURATION_BUCKETS,
    ),
  );
  registry.add(
    new Gauge('arena_process_resident_memory_bytes', 'Resident memory of the process', [], () =>
      one(process.memoryUsage.rss()),
    ),
  );
  registry.add(
    new Gauge('arena_process_heap_used_bytes', 'V8 heap in use', [], () =>
      one(process.memoryUsage().heapUsed),
    ),
  );
  registry.add(
    new ReadCounter(
      'arena_process_cpu_seconds_total',
      'CPU time the process has used, by mode (user, system)',
      ['mode'],
      () => {
        const used = process.cpuUsage();
        return [
          { labels: { mode: 'user' }, value: used.user / 1e6 },
          { labels: { mode: 'system' }, value: used.system / 1e6 },
        ];
      },
    ),
  );
  registry.add(
    new Gauge(
      'arena_process_event_loop_lag_seconds',
      'Event-loop delay since the previous scrape, by statistic (mean, p50, p99, max)',
      ['stat'],
      () => {
        const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
        const reading = [
          { labels: { stat: 'mean' }, value: seconds(loop.mean) },
          { labels: { stat: 'p50' }, value: seconds(loop.percentile(50)) },
          { labels: { stat: 'p99' }, value: seconds(loop.percentile(99)) },
          { labels: { stat: 'max' }, value: seconds(loop.max) },
        ];
        loop.reset();
        return reading;
      },
    ),
  );
  registry.add(
    new Gauge(
      'arena_process_start_time_seconds',
      'When the metrics started, in seconds since the Unix epoch',
      [],
      () => one(startedAt / 1000),
    ),
  );

  /** Games seen played here, with when: their late events still count for a while. */
  const hostedAt = new Map<string, number>();
  const counts = (gameId: string, at: number): boolean => {
    if (count === 'all') return true;
    if (host.isRunning(gameId)) {
      hostedAt.set(gameId, at);
      return true;
    }
    const seen = hostedAt.get(gameId);
    if (seen === undefined) return false;
    if (at - seen <= graceMs) return true;
    hostedAt.delete(gameId);
    return false;
  };

  const observeEvent = (event: GameEvent): void => {
    events.inc({ type: event.type });
    switch (event.type) {
      case 'turn_started':
        turns.inc({});
        break;
      case 'model_call': {
        const { role, model, usage, costUsd, error } = event.payload;
        const provider = providerOf(model);
        modelCalls.inc({ role, provider, outcome: error ? 'error' : 'ok' });
        tokens.inc({ direction: 'in', provider }, usage.inputTokens);
        tokens.inc({ direction: 'out', provider }, usage.outputTokens);
        cost.inc({ provider }, costUsd);
        if (error) errors.inc({ source: 'model_call', code: error.kind });
        break;
      }
      case 'call_failed':
        errors.inc({ source: 'call_failed', code: event.payload.reason });
        break;
      case 'game_ended':
        gamesEnded.inc({ reason: event.payload.reason });
        if (event.payload.abortCause === 'error') errors.inc({ source: 'game', code: 'aborted' });
        hostedAt.delete(event.gameId);
        break;
      default:
        break;
    }
  };

  const onMessage = (message: BusMessage): void => {
    const at = now();
    received.inc({ topic: message.topic });
    const seconds = lagSeconds(message, at);
    if (seconds !== null) lag.observe({ topic: message.topic }, seconds);
    const value = message.value;
    if (isGameEvent(value) && counts(value.gameId, at)) observeEvent(value);
  };

  let unsubscribe: Unsubscribe | null = null;
  let closed = false;
  const ready = bus.subscribe(TOPICS.gameEvents, onMessage).then(
    async (stop) => {
      if (closed) await stop();
      else unsubscribe = stop;
    },
    (error: unknown) => logger.error({ err: error }, 'metrics_subscription_failed'),
  );

  return {
    ready,
    observeRequest: ({ method, route, status, seconds }) => {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
      if (status >= 500) errors.inc({ source: 'http', code: String(status) });
    },
    spectatorConnected: () => {
      spectators += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        spectators -= 1;
      };
    },
    render: () => registry.render(),
    close: async () => {
      if (closed) return;
      closed = true;
      loop.disable();
      // A subscription still being set up is ended as soon as it is ready; never wait for a
      // broker that does not answer.
      await unsubscribe?.();
    },
  };
}

/**
 * Serve `GET /metrics` (Prometheus text, `read` access) and count every answered request and
 * every open event stream.
 *
 * @example
 * registerMetrics(app, api, createRunnerMetrics({ bus: services.bus, host, logger }));
 */
export function registerMetrics(
  app: FastifyInstance,
  api: ApiRouter,
  metrics: RunnerMetrics,
): void {
  api.add({
    method: 'GET',
    url: '/metrics',
    access: 'read',
    tag: 'health',
    summary: 'Metrics of this runner in the Prometheus text format',
    query: z.strictObject({}),
    responses: {
      200: {
        description: 'Counters, gauges and histograms (text exposition format 0.0.4)',
        contentType: PROMETHEUS_CONTENT_TYPE,
      },
    },
    handler: async ({ reply }) => {
      const text = await metrics.render();
      return reply.type(PROMETHEUS_CONTENT_TYPE).send(text);
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || request.routeOptions.url !== EVENT_STREAM_ROUTE) return;
    reply.raw.once('close', metrics.spectatorConnected());
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest({
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
}
